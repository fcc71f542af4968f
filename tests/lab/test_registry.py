"""lab.registry: the pinned CNCF distribution, on loopback only, gone when stopped or orphaned."""

import os
import re
import socket
import subprocess
import sys
import time

import pytest

from lab import net, registry
from lab.errors import LabError
from lab.toolchain import build, versions
from lab.waiting import wait_for


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the TCP sockets listening on PORT, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                # The kernel writes each 32-bit word in host (little-endian) order.
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
                family = socket.AF_INET if len(raw) == 4 else socket.AF_INET6
                found.add(socket.inet_ntop(family, words))
    return found


def refused(address: str) -> bool:
    host, port = address.rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def test_the_registry_is_pinned_and_runs_that_version():
    entry = versions.component("registry")
    assert entry["module"] == "github.com/distribution/distribution/v3"
    assert re.fullmatch(r"v\d+\.\d+\.\d+", entry["version"]), "an exact release, not a range"
    binary = build.build_component("registry") / "registry"
    said = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
    assert said.stdout.split()[-1] == entry["version"]


def test_serves_the_registry_api_on_loopback_only_and_stops_cleanly(tmp_path):
    started = registry.start(tmp_path / "registry")
    try:
        port = int(started.address.rsplit(":", 1)[1])
        status, _ = net.http("GET", f"http://{started.address}/v2/")
        assert status == 200
        assert listening_addresses(port) == {"127.0.0.1"}
        assert (tmp_path / "registry" / "config.yml").is_file()
    finally:
        code = started.stop()
    assert code == 0, "SIGTERM drains and exits 0"
    assert refused(started.address)


def test_a_taken_port_fails_at_once_with_the_registry_log(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        began = time.monotonic()
        with pytest.raises(LabError, match="address already in use"):
            registry.start(tmp_path, port=port, timeout=20)
    assert time.monotonic() - began < 10, "an exited registry is not waited for"


def test_ends_with_the_process_that_started_it(tmp_path):
    """A notebook kernel that dies takes its registry along."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from lab import registry\n"
        "started = registry.start(Path(sys.argv[1]))\n"
        "print(started.process.pid, started.address, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    pid, address = parent.stdout.readline().split()
    parent.kill()  # SIGKILL: no clean-up code runs in the parent
    parent.wait()

    def gone() -> bool:
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        return False

    wait_for(f"registry pid {pid} to end with its parent", gone, timeout=15)
    assert refused(address)
