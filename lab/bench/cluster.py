"""`make bench`: cold build time, warm `up` time, and `down` time of the local cluster.

Run as `python -m lab.bench.cluster [--warm-only]`. The cold build starts from an
empty cache of its own (Go's module and build caches too), so the real cache stays.
The warm `up` is timed until the node is Ready, DNS answers and metrics are served,
which `up` waits for. A cluster that was up before is up again after.
"""

import argparse
import sys

from lab import run
from lab.bench.coldbuild import cold_build, timed
from lab.cluster import commands

# Seconds a `lab cluster` step may take: a warm `up` takes about two minutes, `down` under one.
LAB_TIMEOUT = 1800


def lab(*args: str) -> None:
    argv = [sys.executable, "-m", "lab.cli", *args]
    run.run(argv, purpose="a benchmarked step", timeout=LAB_TIMEOUT, capture=False)


CLUSTER_BUILD = (
    "from lab.cluster import images; from lab.toolchain import build; "
    "images.build_images(build.build_all())"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warm-only", action="store_true", help="skip the cold build")
    args = parser.parse_args()
    results = {}
    if not args.warm_only:  # beside a running cluster: it builds into a cache of its own
        cold = timed("cold build", lambda: cold_build(CLUSTER_BUILD))
        results["cold build (binaries and images)"] = cold
    was_up = commands.running() == "local"
    if commands.running():
        timed("down (cluster found up)", lambda: lab("cluster", "down"))
    results["warm up to Ready + DNS + metrics"] = timed(
        "warm up", lambda: lab("cluster", "up", "--provider", "local")
    )
    results["down"] = timed("down", lambda: lab("cluster", "down"))
    print("\nbenchmark:")
    for label, seconds in results.items():
        print(f"  {label:<36} {seconds:7.0f} s")
    if was_up:
        lab("cluster", "up", "--provider", "local")
    return 0


if __name__ == "__main__":
    sys.exit(main())
