"""The taskapp image, built once per session by the real Dockerfile, and containers from it."""

import subprocess
import uuid
from pathlib import Path

import pytest

from lab.layers import build
from lab.net import free_port, wait_http

ROOT = Path(__file__).resolve().parents[2]
VERSION = "1.0.0"
IMAGE = f"taskapp:{VERSION}"
# A made-up secret given at run time only: tests look for it in every layer of the image.
DUMMY_SECRET = "dummy-secret-" + "x" * 40 + "-never-in-an-image"


def docker(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=check)


@pytest.fixture(scope="session")
def app_image() -> str:
    build(ROOT, IMAGE, f"--build-arg=APP_VERSION={VERSION}")
    return IMAGE


@pytest.fixture(scope="session")
def app_container(app_image: str):
    """A container on SQLite, plain HTTP as Compose runs it: migrate, then the image's own
    command (gunicorn)."""
    name = f"taskapp-test-{uuid.uuid4().hex[:8]}"
    port = free_port()
    docker(
        "run",
        "--detach",
        "--name",
        name,
        "--publish",
        f"127.0.0.1:{port}:8000",
        "--env",
        f"SECRET_KEY={DUMMY_SECRET}",
        "--env",
        "ALLOWED_HOSTS=127.0.0.1,localhost",
        "--env",
        "DJANGO_SETTINGS_MODULE=config.settings.http",
        app_image,
        "sh",
        "-c",
        "python manage.py migrate --noinput && exec gunicorn --config gunicorn.conf.py config.wsgi",
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/api/health/ready", timeout=90)
        yield {"name": name, "url": url}
    finally:
        docker("rm", "--force", name, check=False)
