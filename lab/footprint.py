"""Start time and memory, measured the same way for containers and virtual machines."""

import re
import statistics
import time
from pathlib import Path

import docker

from lab import run
from lab.errors import LabError

# Seconds one timed start may take: a container or a VM that starts in about a second.
START_TIMEOUT = 120


def rss(pid: int) -> int:
    """Resident memory of a host process, in bytes."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024


def median_seconds(command: list[str], runs: int = 5) -> tuple[float, list[float]]:
    """Run COMMAND `runs` times; (median wall time, every time) in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run.run(command, purpose="a timed start", timeout=START_TIMEOUT)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def container_memory(name: str) -> tuple[int, int]:
    """(bytes the container's cgroup uses, bytes of the containerd shim that keeps it running)."""
    try:
        container = docker.from_env().containers.get(name)
    except docker.errors.NotFound as err:
        raise LabError(f"container {name!r} does not exist; start it first") from err
    used = container.stats(stream=False)["memory_stats"]["usage"]
    pid = container.attrs["State"]["Pid"]
    shim = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    return used, rss(shim)
