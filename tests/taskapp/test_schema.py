"""The OpenAPI schema, and a property: no request the schema allows, or almost allows,
is answered with a server error, on SQLite or PostgreSQL."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


def test_the_schema_describes_every_endpoint():
    from rest_framework.test import APIClient

    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = set(response.json()["paths"])
    assert paths == {
        "/api/tasks/",
        "/api/tasks/{id}/",
        "/api/health/live",
        "/api/health/ready",
        "/api/info",
        "/api/demo/cpu",
        "/api/demo/hang",
        "/api/demo/ready",
    }


@pytest.fixture
def connections_outlive_requests():
    """As in Django's test client: the end of a request must not close the connection
    that holds the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db(databases=["default", "postgresql"])
@pytest.mark.usefixtures("connections_outlive_requests")
@schema.include(path_regex="^/api/(tasks|info|health)").parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_request_is_answered_with_a_server_error(case, backend, demo_state):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
