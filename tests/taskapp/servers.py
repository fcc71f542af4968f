"""The real processes taskapp's tests start: PostgreSQL, gunicorn and manage.py."""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from lab.net import free_port

TASKAPP = Path(__file__).resolve().parents[2] / "taskapp"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def secret_key() -> str:
    return secrets.token_urlsafe(50)


# --- PostgreSQL -----------------------------------------------------------------------


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass
class PostgresServer:
    """A PostgreSQL 15 server in `datadir`, listening on 127.0.0.1:`port` only."""

    datadir: Path
    port: int
    user: str
    password: str
    host: str = "127.0.0.1"

    def start(self) -> None:
        if not (PG_BIN / "initdb").exists():
            raise RuntimeError(f"no PostgreSQL 15 at {PG_BIN}: apt-get install -y postgresql-15")
        pwfile = self.datadir / "pwfile"
        pwfile.write_text(self.password)
        if os.geteuid() == 0:
            shutil.chown(self.datadir, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        initdb = [f"{PG_BIN}/initdb", f"--pgdata={self.datadir}/data", f"--username={self.user}"]
        self.run([*initdb, f"--pwfile={pwfile}", "--auth=scram-sha-256", "--no-sync"])
        options = f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run([*self.pg_ctl(), "-o", options, f"--log={self.datadir}/log", "--wait", "start"])

    def stop(self) -> None:
        self.run([*self.pg_ctl(), "--mode=immediate", "stop"])

    def pg_ctl(self) -> list[str]:
        return [f"{PG_BIN}/pg_ctl", f"--pgdata={self.datadir}/data"]

    @staticmethod
    def run(command: list[str]) -> None:
        result = subprocess.run(as_postgres(command), capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed:\n{result.stdout}{result.stderr}")

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


# --- the app in subprocesses ------------------------------------------------------------


def app_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment of a subprocess: this one without the app's variables, then ours."""
    ours = ("DB_", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DEMO_", "STARTUP_", "GUNICORN_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.http",
        SECRET_KEY=secret_key(),
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        DEMO_STATE_DIR=str(tmp_path / "demo"),
        GUNICORN_WORKERS="1",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str], cwd: Path = TASKAPP) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to look at, not to follow


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass
class Reply:
    status: int
    body: dict
    seconds: float
    headers: dict


@dataclass
class Gunicorn:
    """A gunicorn started with gunicorn.conf.py; its stdout and stderr go to files."""

    process: subprocess.Popen
    url: str
    stdout: Path
    stderr: Path

    @classmethod
    def start(cls, env: dict[str, str], logs: Path) -> "Gunicorn":
        port = free_port()
        stdout, stderr = logs / f"gunicorn-{port}.out", logs / f"gunicorn-{port}.err"
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        process = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{port}", "config.wsgi"],
            cwd=TASKAPP,
            env=env,
            stdout=stdout.open("w"),
            stderr=stderr.open("w"),
            start_new_session=True,  # its own process group: kill() reaches the workers too
        )
        return cls(process, f"http://127.0.0.1:{port}", stdout, stderr)

    def request(self, path: str, method: str = "GET", body=None, timeout: float = 10, **headers):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        for name, value in headers.items():
            request.add_header(name.replace("_", "-"), value)
        began = time.monotonic()
        try:
            with _opener.open(request, timeout=timeout) as response:
                status, raw, received = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, raw, received = error.code, error.read(), error.headers
        body = json.loads(raw) if raw else {}
        return Reply(status, body, time.monotonic() - began, dict(received))

    def wait_until_serving(self, timeout: float = 20) -> float:
        """Seconds until /api/health/live answered; fails with gunicorn's output."""
        began = time.monotonic()
        while time.monotonic() - began < timeout:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise AssertionError(f"gunicorn exited ({code}):\n{self.output()}")
            try:
                self.request("/api/health/live", timeout=2)
                return time.monotonic() - began
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"no answer on /api/health/live in {timeout} s:\n{self.output()}")

    def log_lines(self) -> list[str]:
        return self.stdout.read_text().splitlines()

    def output(self) -> str:
        return self.stdout.read_text() + self.stderr.read_text()

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """Ends the master and any worker it left behind."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


class HeldRequest:
    """A request sent in two parts: the worker that accepts it is busy until it ends."""

    def __init__(self, url: str, path: str):
        host, port = url.removeprefix("http://").split(":")
        self.connection = socket.create_connection((host, int(port)), timeout=10)
        self.connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n".encode())

    def finish(self, **headers: str) -> int:
        """Sends the rest (`headers` too) and returns the answer's status."""
        lines = [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
        self.connection.sendall("".join(f"{line}\r\n" for line in lines).encode())
        self.connection.sendall(b"Connection: close\r\n\r\n")
        with self.connection, self.connection.makefile("rb") as answer:
            return int(answer.readline().split()[1])
