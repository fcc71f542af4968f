"""Build the site the way CI does, and time it."""

import os
import subprocess
import sys
import time
from pathlib import Path


class Build:
    """One `mkdocs build --strict`: where the site is, what it printed, how long it took."""

    def __init__(self, project: Path, site: Path, cache: Path):
        started = time.monotonic()
        self.result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
            cwd=project,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "MERMAID_CACHE_DIR": str(cache)},
            timeout=300,
        )
        self.seconds = time.monotonic() - started
        self.site = site
