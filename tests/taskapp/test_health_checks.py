"""Readiness against real databases, through a real gunicorn: up, empty, down, silent."""

import socket
import threading

import pytest

from tests.taskapp.servers import free_port


@pytest.fixture
def silent_port():
    """A loopback port that takes connections into its queue but never accepts or answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        yield listener.getsockname()[1]


class SilentServer:
    """A loopback port that accepts connections, counts them, and never says a word."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self.accept_all, daemon=True).start()

    def accept_all(self):
        while True:
            try:
                self.accepted.append(self.listener.accept()[0])
            except OSError:  # closed
                return

    def close(self):
        self.listener.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


def database_env(port: int) -> dict[str, str]:
    return {"DB_HOST": "127.0.0.1", "DB_PORT": str(port), "DB_PASSWORD": "unused"}


def test_ready_answers_200_on_a_migrated_postgresql_database(gunicorn, postgres):
    postgres.create_database("ready_migrated")
    server = gunicorn(migrate=True, **postgres.env("ready_migrated"))
    reply = server.request("/api/health/ready")
    assert (reply.status, reply.body) == (200, {"status": "ok"})


def test_ready_answers_503_naming_unapplied_migrations(gunicorn, postgres):
    postgres.create_database("ready_empty")
    server = gunicorn(**postgres.env("ready_empty"))
    reply = server.request("/api/health/ready")
    assert reply.status == 503
    assert "migration(s) not applied" in reply.body["reason"]


def test_ready_answers_503_with_the_reason_when_the_database_is_down(gunicorn):
    server = gunicorn(**database_env(free_port()))  # nothing listens there
    reply = server.request("/api/health/ready")
    assert reply.status == 503
    assert reply.body["reason"].startswith("database unreachable:")
    assert "refused" in reply.body["reason"]


def test_ready_answers_within_2_s_when_the_database_never_answers(gunicorn, silent_port):
    server = gunicorn(**database_env(silent_port))
    replies = [server.request("/api/health/ready") for _ in range(3)]
    # A request may answer from a check started before it, which ends at connect_timeout.
    reasons = {
        "database did not answer within 1.5 s",
        "database unreachable: connection timeout expired",
    }
    for reply in replies:
        assert reply.status == 503
        assert reply.body["reason"] in reasons
        assert reply.seconds < 2


def test_live_answers_200_while_the_database_is_down(gunicorn):
    server = gunicorn(**database_env(free_port()))
    assert server.request("/api/health/live").status == 200


def test_concurrent_ready_requests_share_one_check_of_a_silent_database(gunicorn, silent_server):
    """A stalled database must not pile up threads and connections: one check is in flight
    at a time, and every request that comes meanwhile answers from it."""
    server = gunicorn(GUNICORN_THREADS="4", **database_env(silent_server.port))
    replies = []
    probes = [
        threading.Thread(target=lambda: replies.append(server.request("/api/health/ready")))
        for _ in range(4)
    ]
    for probe in probes:
        probe.start()
    for probe in probes:
        probe.join(timeout=10)
    assert [(reply.status, reply.seconds < 2) for reply in replies] == [(503, True)] * 4
    assert {reply.body["reason"] for reply in replies} == {"database did not answer within 1.5 s"}
    assert len(silent_server.accepted) == 1
