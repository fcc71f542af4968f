"""The engine and its CLI, built once (cached by version: a no-op when built before)."""

from pathlib import Path

import pytest

from lab.engine import build


@pytest.fixture(scope="session")
def dockerd() -> Path:
    return build.build_engine() / "dockerd"


@pytest.fixture(scope="session")
def docker_cli() -> Path:
    return build.build_cli() / "docker"
