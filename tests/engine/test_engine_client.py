"""The docker CLI the project's commands use: never below the floor, and the project's own
where the project runs the engine (an old client silently uses the legacy builder)."""

import shutil

import pytest

from lab.engine import build, client, ensure, floor
from lab.errors import LabError


def fake_docker(folder, says: str):
    folder.mkdir(exist_ok=True)
    docker = folder / "docker"
    docker.write_text(f"#!/bin/sh\necho '{says}'\n")
    docker.chmod(0o755)
    return folder


def test_a_20_10_client_stops_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv(
        "PATH", str(fake_docker(tmp_path, "Docker version 20.10.24+dfsg1, build 297e128"))
    )
    with pytest.raises(LabError) as raised:
        client.require_recent()
    message = str(raised.value)
    assert "is 20.10.24+dfsg1, older than 25" in message and "\n" not in message


def test_a_client_at_the_floor_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(fake_docker(tmp_path, "Docker version 25.0.0, build e758fe5")))
    assert client.require_recent() == f"docker CLI 25.0.0 at {tmp_path / 'docker'}"


def test_no_client_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LabError, match="no docker CLI on PATH: run 'make setup'"):
        client.require_recent()


def test_ours_is_linked_first_on_path_and_replaces_a_stale_link(tmp_path, monkeypatch):
    tools = tmp_path / "tools"
    monkeypatch.setattr(client, "TOOLS_BIN", tools)
    monkeypatch.setattr(client, "LINK", tools / "docker")
    old, new = fake_docker(tmp_path / "old", "old"), fake_docker(tmp_path / "new", "new")
    client.use_ours(old)
    assert client.use_ours(new).resolve() == (new / "docker").resolve()


def test_the_client_the_lab_runs_is_the_projects_own_where_its_engine_runs():
    """The lab puts .tools/bin first on PATH (lab/__init__.py); a machine's own older
    client elsewhere on PATH is not the one used."""
    if not ensure.ours_runs():
        pytest.skip("this engine is its owner's; its client is checked by require_recent")
    docker = shutil.which("docker")
    release = build.cli_release(build.build.module_source("docker_cli"))
    assert client.version(docker) == release
    assert floor.major(release) >= floor.FLOOR
