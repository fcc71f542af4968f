"""Fixtures for taskapp: a real PostgreSQL server, both database backends, real gunicorn.

The API tests run once per backend: SQLite (the `default` database) and PostgreSQL
(the `postgresql` database, a server started for this test session); see settings.py.
"""

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.taskapp.routing import current_alias
from tests.taskapp.servers import Gunicorn, PostgresServer, app_env, manage


@pytest.fixture(scope="session")
def postgres():
    """The PostgreSQL server named by the `postgresql` database of the test settings."""
    from django.conf import settings

    database = settings.DATABASES["postgresql"]
    datadir = Path(tempfile.mkdtemp(prefix="taskapp-pg-"))
    server = PostgresServer(datadir, database["PORT"], database["USER"], database["PASSWORD"])
    try:
        server.start()
    except RuntimeError as error:
        shutil.rmtree(datadir)
        pytest.fail(str(error))
    yield server
    server.stop()
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


@pytest.fixture
def gunicorn(tmp_path):
    """Starts gunicorn on a free loopback port with the app's env plus `env`; kills it after."""
    started: list[Gunicorn] = []

    def start(wait: bool = True, migrate: bool = False, **env: str) -> Gunicorn:
        environment = app_env(tmp_path, **env)
        if migrate:
            result = manage("migrate", "--noinput", env=environment)
            assert result.returncode == 0, result.stderr
        server = Gunicorn.start(environment, logs=tmp_path)
        started.append(server)
        if wait:
            server.wait_until_serving()
        return server

    yield start
    for server in started:
        server.kill()
