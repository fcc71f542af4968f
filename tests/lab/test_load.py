"""lab.load runs the real vegeta (built from source) and reports every request it sent.

The server here is a real HTTP server on loopback that counts what it answered, so each
figure vegeta reports is checked against what the other side saw.
"""

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lab import load
from lab.errors import LabError
from lab.net import free_port


class Server(ThreadingHTTPServer):
    """Answers GET like the app's /api/info, from two 'pods' in turn; every third is 503."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.turn = itertools.count()
        self.answered: dict[str, int] = {}
        self.peers: set[tuple[str, int]] = set()  # client (address, port): one per connection
        self.posted: list[tuple[str, bytes]] = []  # (Content-Type, body) of each POST
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/info"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keeps connections open, as the app's server does

    def do_GET(self):  # http.server's name
        with self.server.lock:
            n = next(self.server.turn)
            self.server.peers.add(self.client_address)
            status = 503 if n % 3 == 2 else 200
            pod = f"pod-{n % 2}"
            key = pod if status == 200 else "503"
            self.server.answered[key] = self.server.answered.get(key, 0) + 1
        body = json.dumps({"version": "1.0.0", "hostname": pod}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # http.server's name
        """Records what was posted; answers like GET."""
        length = int(self.headers.get("Content-Length", 0))
        with self.server.lock:
            self.server.posted.append((self.headers["Content-Type"], self.rfile.read(length)))
        self.do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    with Server() as running:
        thread = threading.Thread(target=running.serve_forever, daemon=True)
        thread.start()
        yield running
        running.shutdown()


def test_every_request_is_counted_by_outcome_and_by_the_pod_that_answered(server):
    results = load.from_host(server.url, rate=50, duration=2, keepalive=False)
    assert results.total == 100 == sum(server.answered.values())
    assert results.counts() == {
        "ok": server.answered["pod-0"] + server.answered["pod-1"],
        "503": server.answered["503"],
    }
    assert results.failures == server.answered["503"]
    assert results.by_pod() == {
        "pod-0": server.answered["pod-0"],
        "pod-1": server.answered["pod-1"],
    }


def test_the_time_series_and_latencies_cover_every_request(server):
    sent = time.time()
    results = load.from_host(server.url, rate=40, duration=3)
    assert sent <= results.started <= time.time() - 2, "the first request's wall-clock time"
    series = results.series()
    # Three seconds of requests; a loaded machine may send the last ones a little late.
    assert [second for second, _, _ in series] == [float(i) for i in range(len(series))]
    assert 3 <= len(series) <= 4
    assert sum(ok + failed for _, ok, failed in series) == results.total == 120
    assert sum(failed for _, _, failed in series) == results.failures
    assert 0 < results.latency_ms(50) <= results.latency_ms(99) < 1000
    assert "requests: 120, failures: 40 (503: 40, ok: 80)" in results.summary()


def test_a_port_where_nothing_listens_counts_as_refused():
    url = f"http://127.0.0.1:{free_port()}/api/info"
    results = load.from_host(url, rate=20, duration=1)
    assert results.counts() == {"refused": 20}
    assert results.by_pod() == {}


@pytest.mark.parametrize(
    ("rate", "duration", "message"),
    [
        (0, 10, "rate (0) and duration (10) must be positive"),
        (1000, 60, "1000/s for 60 s is 60000 requests; one attack records at most 10000"),
    ],
)
def test_an_attack_out_of_bounds_is_refused_before_it_starts(rate, duration, message):
    with pytest.raises(LabError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load.from_host("http://127.0.0.1:1/", rate=rate, duration=duration)


def test_outcomes_name_the_status_or_what_broke_the_connection():
    from lab.load.results import outcome

    assert outcome(204, "") == "ok"
    assert outcome(301, "") == "301"  # a failure here, although vegeta counts 3xx as success
    assert outcome(0, 'Get "http://x": dial tcp 10.0.0.1:80: connect: connection refused') == (
        "refused"
    )
    assert outcome(0, "read tcp 1.2.3.4:5->6.7.8.9:80: read: connection reset by peer") == "reset"
    assert outcome(0, "context deadline exceeded (Client.Timeout exceeded)") == "timeout"
    assert outcome(0, 'Get "http://x": EOF') == "closed"


def test_one_kept_alive_connection_carries_every_request(server):
    """With keep-alive and one connection, the server sees a single client port."""
    results = load.from_host(server.url, rate=20, duration=1, keepalive=True, connections=1)
    assert results.total == 20
    assert len(server.peers) == 1


def test_a_body_makes_every_request_a_json_post(server):
    results = load.from_host(server.url, rate=20, duration=1, body={"ms": 12})
    assert results.total == 20
    assert server.posted == [("application/json", b'{"ms": 12}')] * 20
