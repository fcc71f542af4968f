"""Fixtures for taskapp: a real PostgreSQL server, both database backends, real gunicorn.

The API tests run once per backend: SQLite (the `default` database) and PostgreSQL
(the `postgresql` database, a server started for this test session); see settings.py.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.taskapp.routing import current_alias

TASKAPP = Path(__file__).resolve().parents[2] / "taskapp"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def secret_key() -> str:
    return secrets.token_urlsafe(50)


# --- PostgreSQL -----------------------------------------------------------------


@dataclass
class PostgresServer:
    """A PostgreSQL 15 server in a temporary directory, on a loopback port."""

    port: int
    password: str
    user: str = "taskapp"
    host: str = "127.0.0.1"

    def env(self, database: str) -> dict[str, str]:
        """The variables the app reads to use `database` on this server."""
        return {
            "DB_HOST": self.host,
            "DB_PORT": str(self.port),
            "DB_NAME": database,
            "DB_USER": self.user,
            "DB_PASSWORD": self.password,
        }

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"PostgreSQL 15 is not installed at {PG_BIN}: apt-get install -y postgresql-15")
    from django.conf import settings

    database = settings.DATABASES["postgresql"]
    server = PostgresServer(database["PORT"], database["PASSWORD"], database["USER"])
    datadir = Path(tempfile.mkdtemp(prefix="taskapp-pg-"))
    pwfile = datadir / "pwfile"
    pwfile.write_text(server.password)
    if os.geteuid() == 0:
        shutil.chown(datadir, "postgres", "postgres")
        shutil.chown(pwfile, "postgres", "postgres")
    pgdata = datadir / "data"
    run = dict(check=True, capture_output=True, text=True)
    subprocess.run(
        as_postgres(
            [
                f"{PG_BIN}/initdb",
                f"--pgdata={pgdata}",
                f"--username={server.user}",
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "--no-sync",
            ]
        ),
        **run,
    )
    options = f"-p {server.port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [f"{PG_BIN}/pg_ctl", f"--pgdata={pgdata}"]
    subprocess.run(
        as_postgres([*pg_ctl, "-o", options, f"--log={datadir}/log", "--wait", "start"]), **run
    )
    yield server
    subprocess.run(as_postgres([*pg_ctl, "--mode=immediate", "stop"]), **run)
    shutil.rmtree(datadir)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(postgres):
    """The PostgreSQL server runs before pytest-django makes the test databases."""


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request):
    """The database the code under test uses: SQLite, then PostgreSQL."""
    alias = "default" if request.param == "sqlite" else "postgresql"
    token = current_alias.set(alias)
    yield alias
    current_alias.reset(token)


@pytest.fixture
def api(backend):
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def demo_state(tmp_path, monkeypatch):
    """DEMO_STATE_DIR in a temporary directory, for in-process tests."""
    monkeypatch.setenv("DEMO_STATE_DIR", str(tmp_path / "demo"))
    return tmp_path / "demo"


# --- gunicorn and manage.py in subprocesses --------------------------------------------


def app_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment of a subprocess: this one without the app's variables, then ours."""
    ours = {"DB_", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DEMO_", "STARTUP_", "GUNICORN_"}
    env = {k: v for k, v in os.environ.items() if not any(k.startswith(p) for p in ours)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.http",
        SECRET_KEY=secret_key(),
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        DEMO_STATE_DIR=str(tmp_path / "demo"),
        GUNICORN_WORKERS="1",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=TASKAPP,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@dataclass
class Reply:
    status: int
    body: dict
    seconds: float


@dataclass
class Gunicorn:
    process: subprocess.Popen
    url: str
    stdout: Path
    stderr: Path
    started: float = field(default_factory=time.monotonic)

    def request(self, path: str, method: str = "GET", body=None, timeout: float = 10) -> Reply:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        began = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        return Reply(status, json.loads(raw), time.monotonic() - began)

    def wait_until_serving(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited with {self.process.returncode}:\n{self.output()}")
            try:
                self.request("/api/health/live", timeout=2)
                return
            except OSError:
                time.sleep(0.1)
        pytest.fail(
            f"gunicorn did not answer /api/health/live within {timeout} s:\n{self.output()}"
        )

    def log_lines(self) -> list[str]:
        return self.stdout.read_text().splitlines()

    def output(self) -> str:
        return self.stdout.read_text() + self.stderr.read_text()

    def stop(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


@pytest.fixture
def gunicorn(tmp_path):
    """Starts gunicorn with gunicorn.conf.py on a free loopback port; stops it afterwards."""
    started: list[Gunicorn] = []

    def start(wait: bool = True, migrate: bool = False, **env: str) -> Gunicorn:
        environment = app_env(tmp_path, **env)
        if migrate:
            result = manage("migrate", "--noinput", env=environment)
            assert result.returncode == 0, result.stderr
        port = free_port()
        stdout, stderr = tmp_path / f"gunicorn-{port}.out", tmp_path / f"gunicorn-{port}.err"
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        process = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{port}", "config.wsgi"],
            cwd=TASKAPP,
            env=environment,
            stdout=stdout.open("w"),
            stderr=stderr.open("w"),
        )
        server = Gunicorn(process, f"http://127.0.0.1:{port}", stdout, stderr)
        started.append(server)
        if wait:
            server.wait_until_serving()
        return server

    yield start
    for server in started:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
