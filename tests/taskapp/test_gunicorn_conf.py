"""gunicorn.conf.py, with real gunicorn processes on loopback ports."""

import json
import threading
import time
from collections import Counter

from demo import state
from tests.taskapp.servers import HeldRequest

# The kubelet's timeoutSeconds for the liveness and readiness probes (deploy/k8s/base).
PROBE_TIMEOUT = 2


def cpu(server, ms: int):
    """The CPU switch: `ms` ms of CPU time in the thread that answers."""
    return server.request("/api/demo/cpu", "POST", {"ms": ms}, timeout=60)


def test_sigterm_lets_a_request_in_flight_finish(gunicorn):
    server = gunicorn(DEMO_ENDPOINTS="1")
    replies = []
    slow = threading.Thread(target=lambda: replies.append(cpu(server, 1500)))
    slow.start()
    time.sleep(0.5)  # the request is being served
    server.terminate()
    slow.join(timeout=30)
    assert replies and (replies[0].status, replies[0].body) == (200, {"ms": 1500})
    assert server.process.wait(timeout=30) == 0
    assert "Handling signal: term" in server.output()


def test_a_request_longer_than_the_worker_timeout_is_not_killed(gunicorn):
    # A worker's main loop reports every second: 3 s leaves room on a busy machine.
    server = gunicorn(DEMO_ENDPOINTS="1", GUNICORN_TIMEOUT="3")
    reply = cpu(server, 4000)
    assert (reply.status, reply.body) == (200, {"ms": 4000})
    assert reply.seconds > 3
    assert "WORKER TIMEOUT" not in server.output()


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


def test_liveness_answers_while_more_cpu_requests_arrive_than_there_are_threads(gunicorn):
    """The image's 2 workers x 4 threads, and 12 CPU requests of 3 s at once: each worker
    computes for at most 3 and answers the rest 503 with Retry-After at once, so a probe
    always finds a thread."""
    server = gunicorn(DEMO_ENDPOINTS="1", GUNICORN_WORKERS="2", GUNICORN_THREADS="4")
    busy = []
    burners = [threading.Thread(target=lambda: busy.append(cpu(server, 3000))) for _ in range(12)]
    for burner in burners:
        burner.start()
    time.sleep(0.5)  # the CPU requests are being served
    probes = []
    for _ in range(5):
        probes.append(server.request("/api/health/live", timeout=10))
        time.sleep(0.2)
    for burner in burners:
        burner.join(timeout=60)
    assert [(p.status, round(p.seconds, 1) < PROBE_TIMEOUT) for p in probes] == [(200, True)] * 5
    assert len(busy) == 12 and {reply.status for reply in busy} == {200, 503}
    computed = [reply for reply in busy if reply.status == 200]
    shed = [reply for reply in busy if reply.status == 503]
    assert all(reply.headers["Retry-After"] == "1" and reply.seconds < 1 for reply in shed)
    entries = [json.loads(line) for line in server.log_lines() if line.startswith("{")]
    per_worker = Counter(
        e["pid"] for e in entries if e.get("path") == "/api/demo/cpu" and e.get("status") == 200
    )
    assert len(computed) >= 3  # a worker's share, at least (its log may lag the answer)
    assert max(per_worker.values()) <= 3, f"at most threads - 1 a worker: {per_worker}"
