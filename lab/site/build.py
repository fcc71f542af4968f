"""`mkdocs build --strict` the way CI runs it, into a directory of our choosing, timed."""

import os
import sys
import time
from pathlib import Path

from lab import run

# Seconds one strict build may take: a cold one draws every diagram and converts every
# notebook, about two minutes on two cores.
BUILD_TIMEOUT = 300


def environment(cache: Path) -> dict[str, str]:
    """This process's environment, with the site's caches kept under `cache`."""
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "MERMAID_CACHE_DIR": str(cache / "mermaid"),
        "NOTEBOOK_CACHE_DIR": str(cache / "notebooks"),
        "SITE_CACHE_DIR": str(cache / "site"),
    }


class Build:
    """One strict build: where the site is, what it printed, how long it took.

    `cache` is where the build keeps what a later build may reuse (the diagrams
    it drew, the notebooks it converted, lab.site.cache's entries); an empty
    directory makes the build as cold as on a fresh machine.
    """

    def __init__(self, project: Path, site: Path, cache: Path):
        started = time.monotonic()
        self.result = run.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
            purpose="building the site",
            timeout=BUILD_TIMEOUT,
            check=False,
            cwd=project,
            env=environment(cache),
        )
        self.seconds = time.monotonic() - started
        self.site = site

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr
