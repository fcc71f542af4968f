"""The Dockerfiles follow the rules the site teaches, checked without building."""

import subprocess
from pathlib import Path

import pytest

from lab.images.single_stage import instructions

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILES = [ROOT / "Dockerfile", *sorted((ROOT / "deploy/images").glob("**/Dockerfile"))]


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_hadolint_finds_nothing(dockerfile):
    result = subprocess.run(["hadolint", str(dockerfile)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_syntax_line_that_would_pull_a_frontend_image(dockerfile):
    assert "# syntax=" not in dockerfile.read_text()


def test_app_image_runs_as_a_numeric_non_root_user_with_a_healthcheck():
    steps = instructions((ROOT / "Dockerfile").read_text())
    users = [step.split()[1] for step in steps if step.startswith("USER")]
    assert users == ["10001:10001"]
    assert any(step.startswith("HEALTHCHECK") for step in steps)


def test_base_images_use_pinned_tags():
    steps = instructions((ROOT / "Dockerfile").read_text())
    base = next(step for step in steps if step.startswith("ARG PYTHON_IMAGE="))
    assert base == "ARG PYTHON_IMAGE=python:3.11-slim-bookworm"
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "image: postgres:15-bookworm" in compose
    assert ":latest" not in compose


def test_the_image_runs_the_production_profile_unless_told_otherwise():
    """Run bare, the image refuses what is unsafe; Compose and the clusters name `http`."""
    steps = instructions((ROOT / "Dockerfile").read_text())
    env = " ".join(step for step in steps if step.startswith("ENV"))
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in env
    assert (
        "DJANGO_SETTINGS_MODULE: config.settings.http" in (ROOT / "docker-compose.yml").read_text()
    )
    config = (ROOT / "deploy/k8s/base/config.env").read_text()
    assert "DJANGO_SETTINGS_MODULE=config.settings.http" in config.splitlines()
