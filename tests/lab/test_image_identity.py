"""An image's identity is the digest of its config, whichever store Docker keeps it in.

A stand-in `docker` answers with what each image store says (tests/lab/image_formats.py).
"""

import pytest

from lab.docker import config_digest, registry_serves
from tests.lab.image_formats import CLASSIC_INSPECT, CONFIG_DIGEST, CONTAINERD_INSPECT, fake_docker


@pytest.fixture
def docker_says(tmp_path, monkeypatch):
    """Make the stand-in docker answer INSPECT; return a function that reads its calls."""
    log = tmp_path / "record"
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{__import__('os').environ['PATH']}")
    monkeypatch.setenv("LAB_RECORD", str(log))
    monkeypatch.setenv("LAB_FAKE", str(tmp_path))

    def answer(inspect):
        fake_docker(tmp_path, inspect)
        return lambda: log.read_text().splitlines() if log.exists() else []

    return answer


def test_the_classic_stores_image_id_is_the_config_digest(docker_says):
    calls = docker_says(CLASSIC_INSPECT)
    assert config_digest("taskapp:1.0.0") == CONFIG_DIGEST
    assert calls() == ["docker image inspect taskapp:1.0.0"]  # nothing saved


def test_the_containerd_stores_config_digest_is_read_from_this_platforms_archive(docker_says):
    calls = docker_says(CONTAINERD_INSPECT)
    assert CONTAINERD_INSPECT[0]["Id"] != CONFIG_DIGEST  # the index's digest, there
    assert config_digest("taskapp:1.0.0") == CONFIG_DIGEST
    saved = [call for call in calls() if call.startswith("docker save")]
    assert len(saved) == 1 and saved[0].startswith("docker save --platform linux/amd64 --output ")


def test_a_registry_that_does_not_answer_in_time_serves_nothing(docker_says, monkeypatch):
    calls = docker_says(CLASSIC_INSPECT)
    monkeypatch.setenv("LAB_REGISTRY_DELAY", "20")
    assert registry_serves("kindest/node:v1.37.0", timeout=1) is False
    assert calls() == ["docker manifest inspect kindest/node:v1.37.0"]
