"""The Compose stack: app + PostgreSQL + migrations, data kept in a named volume."""

import json
import secrets
import subprocess
import uuid
from datetime import datetime

import pytest

from lab.net import free_port, http, wait_http
from tests.docker.conftest import ROOT, VERSION, docker


class Stack:
    """`docker compose` on the real compose file, as a project of its own with its own .env."""

    def __init__(self, env_file, port: int):
        self.project = f"taskapp-test-{uuid.uuid4().hex[:6]}"
        self.env_file = env_file
        self.url = f"http://127.0.0.1:{port}"

    def compose(self, *args: str) -> subprocess.CompletedProcess:
        command = [
            "docker",
            "compose",
            "--project-name",
            self.project,
            "--env-file",
            str(self.env_file),
            *args,
        ]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stderr[-3000:]}"
        return result

    def up(self) -> None:
        self.compose("up", "--detach", "--wait")
        wait_http(f"{self.url}/api/health/ready", timeout=60)

    def container(self, service: str) -> dict:
        """`docker inspect` of the service's one container (stopped ones included)."""
        ids = self.compose("ps", "--all", "--quiet", service).stdout.split()
        assert len(ids) == 1, f"{service} has {len(ids)} containers"
        return json.loads(docker("inspect", ids[0]).stdout)[0]


@pytest.fixture
def stack(app_image, tmp_path):
    env_file = tmp_path / "stack.env"
    port = free_port()
    env_file.write_text(
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"POSTGRES_PASSWORD={secrets.token_urlsafe(16)}\n"
        f"APP_VERSION={VERSION}\nAPP_PORT={port}\n"
    )
    stack = Stack(env_file, port)
    yield stack
    stack.compose("down", "--volumes", "--remove-orphans")


def test_a_task_survives_down_and_up_and_is_gone_after_down_v(stack):
    stack.up()
    status, task = http("POST", f"{stack.url}/api/tasks/", {"title": "survive a restart"})
    assert status == 201, task

    stack.compose("down")
    stack.up()
    status, body = http("GET", f"{stack.url}/api/tasks/{task['id']}/")
    assert status == 200 and body["title"] == "survive a restart"

    stack.compose("down", "--volumes")
    stack.up()
    assert http("GET", f"{stack.url}/api/tasks/{task['id']}/")[0] == 404


def test_the_app_finds_the_database_by_service_name(stack):
    stack.up()
    out = stack.compose(
        "exec", "-T", "app", "python", "-c", "import socket; print(socket.gethostbyname('db'))"
    ).stdout
    networks = stack.container("db")["NetworkSettings"]["Networks"]
    assert out.strip() == networks[f"{stack.project}_backend"]["IPAddress"]


def test_migrate_ran_once_and_exited_zero_before_the_app_started(stack):
    stack.up()
    migrate = stack.container("migrate")
    assert migrate["RestartCount"] == 0
    assert (migrate["State"]["Status"], migrate["State"]["ExitCode"]) == ("exited", 0)
    log = stack.compose("logs", "--no-log-prefix", "migrate").stdout
    assert log.count("Operations to perform:") == 1, log  # Django prints it once a run
    assert "Applying tasks.0001_initial... OK" in log
    app = stack.container("app")
    started = datetime.fromisoformat(app["State"]["StartedAt"])
    assert started > datetime.fromisoformat(migrate["State"]["FinishedAt"])
