"""Timing a step, and building from source into an empty cache, for the benchmarks.

`cold_build(code)` runs a build (Python code) with LAB_CACHE pointing at a new empty
directory, Go's module and build caches included, so the real cache, and the engine or
cluster that runs from it, stay as they are.
"""

import os
import sys
import tempfile
import time

from lab import run

# Seconds a cold build may take: every binary and image of the cluster takes 20 to 35
# minutes on two cores, the engine 10 to 14.
COLD_BUILD_TIMEOUT = 3600


def timed(label: str, action) -> float:
    """Run ACTION, print how long it took, and return the seconds."""
    start = time.monotonic()
    action()
    seconds = time.monotonic() - start
    print(f"{label}: {seconds:.0f} s", flush=True)
    return seconds


def cold_build(code: str) -> None:
    """Run the build CODE (Python) into an empty cache of its own."""
    with tempfile.TemporaryDirectory(prefix="lab-bench-", dir="/var/tmp") as cache:
        env = {**os.environ, "LAB_CACHE": cache}
        argv = [sys.executable, "-c", code]
        run.run(argv, purpose="the cold build", timeout=COLD_BUILD_TIMEOUT, capture=False, env=env)
