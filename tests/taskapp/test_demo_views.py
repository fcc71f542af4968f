"""The teaching switches under /api/demo/."""

import time

import pytest

from demo import state


@pytest.fixture
def client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def demo_on(settings, demo_state):
    settings.DEMO_ENDPOINTS = True
    return demo_state


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/api/demo/cpu"), ("post", "/api/demo/hang"), ("post", "/api/demo/ready")],
)
def test_demo_endpoints_answer_404_unless_turned_on(client, demo_state, method, path):
    response = getattr(client, method)(path, {"ready": False, "ms": 10}, format="json")
    assert response.status_code == 404
    assert "DEMO_ENDPOINTS=1" in response.json()["detail"]
    assert not state.is_on(state.HUNG) and not state.is_on(state.NOT_READY)


def test_cpu_keeps_the_worker_busy_for_the_given_milliseconds(client, demo_on):
    began = time.process_time()
    response = client.post("/api/demo/cpu", {"ms": 300}, format="json")
    assert response.status_code == 200
    assert response.json() == {"ms": 300}
    assert time.process_time() - began >= 0.3  # CPU time, not sleep


@pytest.mark.parametrize("ms", [0, -5, 10001, "abc", "", None])
def test_cpu_refuses_a_duration_outside_1_to_10000_ms(client, demo_on, ms):
    response = client.post("/api/demo/cpu", {"ms": ms}, format="json")
    assert response.status_code == 400
    assert "ms" in response.json()


def test_hang_makes_liveness_fail_from_now_on(client, demo_on):
    assert client.get("/api/health/live").status_code == 200
    assert client.post("/api/demo/hang", {}, format="json").json() == {"hung": True}
    assert client.get("/api/health/live").status_code == 503
    assert client.get("/api/health/live").status_code == 503


@pytest.mark.django_db
def test_ready_false_fails_readiness_and_ready_true_restores_it(client, demo_on):
    off = client.post("/api/demo/ready", {"ready": False}, format="json")
    assert off.json() == {"ready": False}
    assert client.get("/api/health/ready").status_code == 503
    client.post("/api/demo/ready", {"ready": True}, format="json")
    assert client.get("/api/health/ready").status_code == 200


@pytest.mark.parametrize("body", [{}, {"ready": "maybe"}, {"ready": None}])
def test_ready_refuses_a_body_without_a_boolean_naming_the_field(client, demo_on, body):
    response = client.post("/api/demo/ready", body, format="json")
    assert response.status_code == 400
    assert "ready" in response.json()


def test_demo_endpoints_refuse_other_methods_with_405(client, demo_on):
    assert client.get("/api/demo/hang", content_type="application/json").status_code == 405
    assert client.get("/api/demo/cpu?ms=1", content_type="application/json").status_code == 405


# What a page on another origin can make a browser send without a CORS preflight:
# forms (urlencoded, multipart, text/plain), and fetch with those types or none (img).
SIMPLE_BODIES = [
    ("application/x-www-form-urlencoded", "ready=false&ms=1000"),
    (
        "multipart/form-data; boundary=b",
        '--b\r\nContent-Disposition: form-data; name="ready"\r\n\r\nfalse\r\n--b--\r\n',
    ),
    ("text/plain", '{"ready": false, "ms": 1000}'),
    ("text/plain;charset=UTF-8", '{"ready": false, "ms": 1000}'),
    ("", ""),
]


@pytest.mark.parametrize("path", ["/api/demo/cpu", "/api/demo/hang", "/api/demo/ready"])
@pytest.mark.parametrize(("content_type", "body"), SIMPLE_BODIES)
def test_switches_refuse_what_another_origin_can_send_without_preflight(
    client, demo_on, path, content_type, body
):
    began = time.process_time()
    response = client.generic("POST", path, body, content_type=content_type)
    assert response.status_code == 415
    assert "Content-Type: application/json" in response.json()["detail"]
    assert not state.is_on(state.HUNG) and not state.is_on(state.NOT_READY)
    assert time.process_time() - began < 0.5  # no CPU burned
