"""Writes need a token under the production profile; reads stay open. The http profile
(Compose, the lab clusters) keeps writing without credentials."""

import pytest

from tests.taskapp.servers import app_env, manage

PRODUCTION = {"DJANGO_SETTINGS_MODULE": "config.settings.production", "ALLOWED_HOSTS": "127.0.0.1"}
BEHIND_TLS = {"X_Forwarded_Proto": "https"}
TASK = {"title": "ship it"}


@pytest.fixture
def production(gunicorn):
    return gunicorn(migrate=True, **PRODUCTION)


def create_token(env: dict, username: str) -> str:
    """The documented way: createsuperuser, then drf_create_token (taskapp/README.md)."""
    email = f"{username}@example.com"
    user = manage("createsuperuser", "--noinput", "--username", username, "--email", email, env=env)
    assert user.returncode == 0, user.stderr
    token = manage("drf_create_token", username, env=env)
    assert token.returncode == 0, token.stderr
    return token.stdout.split()[2]  # "Generated token <key> for user <name>"


def test_production_reads_without_a_token(production):
    reply = production.request("/api/tasks/", **BEHIND_TLS)
    assert reply.status == 200


def test_production_refuses_a_write_without_a_token_with_401(production):
    reply = production.request("/api/tasks/", "POST", TASK, **BEHIND_TLS)
    assert reply.status == 401
    assert reply.headers["WWW-Authenticate"] == "Token"
    assert reply.body == {"detail": "Authentication credentials were not provided."}


def test_production_refuses_a_wrong_token_with_401(production):
    reply = production.request(
        "/api/tasks/", "POST", TASK, Authorization="Token nope", **BEHIND_TLS
    )
    assert reply.status == 401
    assert reply.body == {"detail": "Invalid token."}


def test_production_writes_with_a_token_from_drf_create_token(production, tmp_path):
    key = create_token(app_env(tmp_path, **PRODUCTION), "alice")
    created = production.request(
        "/api/tasks/", "POST", TASK, Authorization=f"Token {key}", **BEHIND_TLS
    )
    assert created.status == 201
    task = f"/api/tasks/{created.body['id']}/"
    assert production.request(task, "DELETE", **BEHIND_TLS).status == 401
    deleted = production.request(task, "DELETE", Authorization=f"Token {key}", **BEHIND_TLS)
    assert deleted.status == 204


def test_the_http_profile_writes_without_credentials(gunicorn):
    server = gunicorn(migrate=True)
    assert server.request("/api/tasks/", "POST", TASK).status == 201
