"""/api/health/live, /api/health/ready and /api/info, in process on the SQLite test database."""

import platform
import socket

import django
import pytest

from demo import state


@pytest.fixture
def client():
    from rest_framework.test import APIClient

    return APIClient()


def test_live_answers_200_without_touching_the_database(client, demo_state):
    # No django_db mark: pytest-django fails any database access in this test.
    response = client.get("/api/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_live_answers_503_once_the_app_is_hung(client, demo_state):
    state.turn(state.HUNG, True)
    response = client.get("/api/health/live")
    assert response.status_code == 503
    assert response.json()["status"] == "hung"
    assert "/api/demo/hang" in response.json()["reason"]


@pytest.mark.django_db
def test_ready_answers_200_when_the_database_is_migrated(client, demo_state):
    response = client.get("/api/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_answers_503_with_the_reason_when_switched_off(client, demo_state):
    state.turn(state.NOT_READY, True)
    response = client.get("/api/health/ready")
    assert response.status_code == 503
    assert response.json()["reason"] == "switched off through POST /api/demo/ready"


@pytest.mark.parametrize("path", ["/api/health/live", "/api/health/ready", "/api/info"])
def test_health_and_info_refuse_other_methods_with_405(client, path):
    response = client.post(path)
    assert response.status_code == 405
    assert "detail" in response.json()


def test_info_names_version_host_python_and_django(client, settings):
    settings.APP_VERSION = "1.2.3"
    response = client.get("/api/info")
    assert response.status_code == 200
    assert response.json() == {
        "version": "1.2.3",
        "hostname": socket.gethostname(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }
