"""What vegeta recorded, one request at a time, and the figures the labs assert on.

vegeta writes a result per request (`vegeta encode --to json`): its status code, error,
latency, start time and response body. A request succeeded when it got a 2xx answer;
anything else is a failure, named by its status code ("503") or by what broke the
connection ("refused", "reset", "timeout", "closed", "error"). The app's `/api/info`
answers with its hostname, the pod's name: that is how a result knows who answered.
"""

import base64
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

HOSTNAME = re.compile(r'"hostname"\s*:\s*"([^"]+)"')
# Transport errors, by the words Go's net/http puts in them.
TRANSPORT_ERRORS = [
    ("refused", "connection refused"),
    ("reset", "connection reset"),
    ("timeout", "timeout"),
    ("timeout", "deadline exceeded"),
    ("closed", "EOF"),
]


@dataclass(frozen=True)
class Request:
    at: float  # seconds since the first request was sent
    latency_ms: float
    code: int  # 0 when no answer came
    outcome: str  # "ok", a status code such as "503", or a transport error
    pod: str | None  # who answered, when the body names a hostname
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


def outcome(code: int, error: str) -> str:
    if code:
        return "ok" if 200 <= code < 300 else str(code)
    for name, words in TRANSPORT_ERRORS:
        if words in error:
            return name
    return "error"


def _timestamp(value: str) -> float:
    """RFC 3339 with nanoseconds (Go) to POSIX seconds; Python parses microseconds."""
    head, _, rest = value.partition(".")
    digits = re.match(r"\d*", rest).group()
    zone = rest[len(digits) :] or "+00:00"
    zone = "+00:00" if zone == "Z" else zone
    moment = datetime.fromisoformat(f"{head}.{(digits or '0')[:6].ljust(6, '0')}{zone}")
    return moment.timestamp()


def parse(lines) -> "Results":
    """Results from vegeta's JSON lines (blank lines are skipped)."""
    raw = [json.loads(line) for line in lines if line.strip()]
    raw.sort(key=lambda entry: _timestamp(entry["timestamp"]))
    start = _timestamp(raw[0]["timestamp"]) if raw else 0.0
    requests = []
    for entry in raw:
        body = base64.b64decode(entry.get("body") or b"").decode(errors="replace")
        found = HOSTNAME.search(body)
        code, error = int(entry["code"]), entry.get("error") or ""
        requests.append(
            Request(
                at=_timestamp(entry["timestamp"]) - start,
                latency_ms=entry["latency"] / 1e6,
                code=code,
                outcome=outcome(code, error),
                pod=found.group(1) if found and code else None,
                error=error,
            )
        )
    return Results(requests, started=start)


@dataclass
class Results:
    requests: list[Request]
    started: float = 0.0  # POSIX time of the first request, to line requests up with other clocks

    @property
    def total(self) -> int:
        return len(self.requests)

    @property
    def failures(self) -> int:
        return sum(not request.ok for request in self.requests)

    def counts(self) -> Counter:
        """Requests by outcome: {"ok": 980, "503": 12, "refused": 8}."""
        return Counter(request.outcome for request in self.requests)

    def by_pod(self) -> Counter:
        """Successful answers by the pod that gave them."""
        return Counter(request.pod for request in self.requests if request.ok and request.pod)

    def latency_ms(self, percentile: float) -> float:
        """The latency below which `percentile` % of the successful requests finished."""
        latencies = sorted(request.latency_ms for request in self.requests if request.ok)
        if not latencies:
            return math.nan
        rank = max(math.ceil(percentile / 100 * len(latencies)) - 1, 0)
        return latencies[rank]

    def series(self, step: float = 1.0) -> list[tuple[float, int, int]]:
        """(second, successes, failures) per `step` seconds, from the first request."""
        if not self.requests:
            return []
        buckets = math.floor(max(request.at for request in self.requests) / step) + 1
        ok, failed = [0] * buckets, [0] * buckets
        for request in self.requests:
            (ok if request.ok else failed)[math.floor(request.at / step)] += 1
        return [(i * step, ok[i], failed[i]) for i in range(buckets)]

    def summary(self) -> str:
        """Counts, then latency: the lines a lab prints."""
        counts = ", ".join(f"{name}: {n}" for name, n in sorted(self.counts().items()))
        return (
            f"requests: {self.total}, failures: {self.failures} ({counts})\n"
            f"latency p50: {self.latency_ms(50):.1f} ms, p99: {self.latency_ms(99):.1f} ms"
        )
