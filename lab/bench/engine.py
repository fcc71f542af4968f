"""`make bench`: the cold build of the project's Docker engine and its CLI.

Run as `python -m lab.bench.engine`. dockerd, docker-proxy and the docker CLI (with the
containerd and runc they run on) are built from source into an empty cache of their
own, Go's module and build caches included, so the running engine stays as it is.
About 10 to 14 minutes on two cores.
"""

import sys

from lab.bench.coldbuild import cold_build, timed

ENGINE_BUILD = "from lab.engine import build; build.build_all()"


def main() -> int:
    seconds = timed("cold build", lambda: cold_build(ENGINE_BUILD))
    print(f"\nbenchmark:\n  engine cold build (dockerd, CLI, containerd, runc) {seconds:7.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
