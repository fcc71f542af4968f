"""gunicorn.conf.py, with real gunicorn processes on loopback ports."""

import json
import socket
import threading
import time

from demo import state

# The kubelet's timeoutSeconds for the liveness and readiness probes (deploy/k8s/base).
PROBE_TIMEOUT = 2


def test_sigterm_lets_a_request_in_flight_finish(gunicorn):
    server = gunicorn(DEMO_ENDPOINTS="1")
    replies = []
    slow = threading.Thread(target=lambda: replies.append(server.request("/api/demo/cpu?ms=1500")))
    slow.start()
    time.sleep(0.5)  # the request is being served
    server.terminate()
    slow.join(timeout=30)
    assert replies and (replies[0].status, replies[0].body) == (200, {"ms": 1500})
    assert server.process.wait(timeout=30) == 0
    assert "Handling signal: term" in server.output()


def test_liveness_answers_within_the_probe_timeout_while_every_worker_computes(gunicorn):
    server = gunicorn(DEMO_ENDPOINTS="1", GUNICORN_WORKERS="2", GUNICORN_THREADS="2")
    busy = []

    def burn():
        busy.append((server.request("/api/demo/cpu?ms=1500", timeout=60), time.monotonic()))

    # A worker takes at most 2 of the 3: every worker computes, one thread is left.
    burners = [threading.Thread(target=burn) for _ in range(3)]
    for burner in burners:
        burner.start()
    time.sleep(0.5)  # the CPU requests are being served
    probes = [server.request("/api/health/live", timeout=PROBE_TIMEOUT) for _ in range(3)]
    probed_at = time.monotonic()
    for burner in burners:
        burner.join(timeout=60)
    assert [(reply.status, reply.seconds < PROBE_TIMEOUT) for reply in probes] == [(200, True)] * 3
    assert [reply.status for reply, _ in busy] == [200, 200, 200]
    computed_in = {
        json.loads(line)["pid"] for line in server.log_lines() if "/api/demo/cpu" in line
    }
    assert len(computed_in) == 2  # both workers
    assert all(finished > probed_at for _, finished in busy), "the probes came after the work"


def test_a_request_longer_than_the_worker_timeout_is_not_killed(gunicorn):
    # A worker's main loop reports every second: 3 s leaves room on a busy machine.
    server = gunicorn(DEMO_ENDPOINTS="1", GUNICORN_TIMEOUT="3")
    reply = server.request("/api/demo/cpu?ms=4000", timeout=60)
    assert (reply.status, reply.body) == (200, {"ms": 4000})
    assert reply.seconds > 3
    assert "WORKER TIMEOUT" not in server.output()


class HeldRequest:
    """A request sent in two parts: the worker that accepts it is busy until it ends."""

    def __init__(self, url: str, path: str):
        host, port = url.removeprefix("http://").split(":")
        self.connection = socket.create_connection((host, int(port)), timeout=10)
        self.connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n".encode())

    def finish(self) -> int:
        self.connection.sendall(b"Connection: close\r\n\r\n")
        with self.connection, self.connection.makefile("rb") as answer:
            return int(answer.readline().split()[1])


def test_demo_switches_hold_for_every_worker(gunicorn):
    # One thread a worker: a worker holding a request takes no other connection.
    server = gunicorn(DEMO_ENDPOINTS="1", GUNICORN_WORKERS="2", GUNICORN_THREADS="1", migrate=True)
    # Worker A accepts the held request and waits for its end, so worker B
    # takes the next requests; then each reads what the other one switched.
    on_a = HeldRequest(server.url, "/api/health/ready")
    time.sleep(0.3)
    assert server.request("/api/demo/ready", "POST", {"ready": False}).status == 200  # by B
    on_b = HeldRequest(server.url, "/api/health/ready")
    time.sleep(0.3)
    assert on_a.finish() == 503  # A sees B's switch; A is free again, B is held
    assert server.request("/api/demo/ready", "POST", {"ready": True}).status == 200  # by A
    assert on_b.finish() == 200  # B sees A's switch
    workers = {json.loads(line)["pid"] for line in server.log_lines() if '"status": ' in line}
    assert len(workers) == 2


def test_a_slow_start_waits_before_listening(gunicorn):
    server = gunicorn(wait=False, STARTUP_DELAY_SECONDS="2")
    assert server.wait_until_serving() >= 2
    assert "slow start: waiting 2.0 s" in server.output()


def test_starting_turns_the_demo_switches_off(gunicorn, tmp_path):
    demo = tmp_path / "demo"
    demo.mkdir()
    (demo / state.HUNG).touch()  # left by an earlier run of the container
    (demo / state.NOT_READY).touch()
    server = gunicorn(DEMO_STATE_DIR=str(demo))
    assert server.request("/api/health/live").status == 200
    assert not (demo / state.NOT_READY).exists()


def test_logs_and_access_log_are_json_lines_on_stdout(gunicorn):
    server = gunicorn()
    server.request("/api/info?from=test")
    server.request("/api/no-such-page")
    server.terminate()
    server.process.wait(timeout=30)
    entries = [json.loads(line) for line in server.log_lines()]  # fails on a non-JSON line
    access = [e for e in entries if e["logger"] == "gunicorn.access"]
    assert {(e["method"], e["path"], e["query"], e["status"]) for e in access} >= {
        ("GET", "/api/info", "from=test", 200),
        ("GET", "/api/no-such-page", "", 404),
    }
    assert any(e["logger"] == "django.request" and e["status"] == 404 for e in entries)
    assert any(e["message"].startswith("Booting worker") for e in entries)
    assert server.stderr.read_text() == ""
