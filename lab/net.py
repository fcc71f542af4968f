"""Ports and HTTP waits on this machine, each with a timeout that says what it waited for."""

import json
import socket
import time
import urllib.error
import urllib.request

from lab.errors import LabError


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(method: str, url: str, body: dict | None = None, timeout: float = 5) -> tuple[int, dict]:
    """Send a request; return (status, decoded JSON body or {}) whatever the status."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - our own URLs
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read()
    try:
        return status, json.loads(raw) if raw else {}
    except ValueError:
        return status, {}


def wait_http(url: str, status: int = 200, timeout: float = 60) -> None:
    """Wait until GET url answers `status`; fail saying what it last saw."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            got, _ = http("GET", url, timeout=2)
            if got == status:
                return
            last = f"HTTP {got}"
        except OSError as err:
            last = str(err)
        time.sleep(0.5)
    raise LabError(f"{url} did not answer {status} within {timeout:.0f} s (last: {last})")
