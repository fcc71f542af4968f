"""CPU time of a step, counting every process it starts, Chromium's included.

Chromium's renderer processes are reaped by Chromium itself, so
getrusage(RUSAGE_CHILDREN) never sees them. A cpuacct cgroup (cgroup v1, as
root) counts every descendant: the meter moves this process into a cgroup of
its own when it can, and falls back to rusage, saying so, when it cannot.
"""

import os
import resource
from pathlib import Path

CPUACCT = Path("/sys/fs/cgroup/cpuacct")


class CpuMeter:
    def __init__(self):
        self.group: Path | None = None
        if (CPUACCT / "cgroup.procs").exists() and os.access(CPUACCT, os.W_OK):
            self.group = CPUACCT / f"taskapp-bench-{os.getpid()}"
            self.group.mkdir(exist_ok=True)
            (self.group / "cgroup.procs").write_text(str(os.getpid()))

    @property
    def what(self) -> str:
        return "every process" if self.group else "without Chromium's renderers (no cgroup)"

    def seconds(self) -> float:
        """CPU seconds used so far by this process and everything it started."""
        if self.group:
            return int((self.group / "cpuacct.usage").read_text()) / 1e9
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def close(self) -> None:
        if self.group:
            (CPUACCT / "cgroup.procs").write_text(str(os.getpid()))
            self.group.rmdir()
