"""How long an author's edit takes to reach the browser under `mkdocs serve`.

Each page `mkdocs serve` sends asks `/livereload/EPOCH/ID` (a long poll) when it
loads; the server answers once a build newer than EPOCH has finished (its log
says "Reloading browsers" at that moment), and the page then reloads itself.
`Serve.reload_seconds` opens the same long poll, writes the edit, and measures
from the end of the write to the server's answer: the file watcher, the whole
rebuild and the answer, everything but the browser fetching the page again
(milliseconds from 127.0.0.1).
"""

import os
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from lab import run
from lab.net import free_port
from lab.site.build import environment

STARTUP_TIMEOUT = 300  # s: the first build of a cold cache
RELOAD_TIMEOUT = 120  # s: one rebuild
SETTLE_TIMEOUT = 30  # s: the server's work after its first build (loading nbconvert)


class Serve:
    """`mkdocs serve` of `project`, keeping its caches in `cache`, until `close()`."""

    def __init__(self, project: Path, cache: Path):
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = tempfile.TemporaryFile("w+")
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml")]
        self.process = run.start(
            [*command, "--dev-addr", self.url.removeprefix("http://")],
            purpose="serving the site with live reload",
            timeout=None,  # a server: close() stops it
            cwd=project,
            env=environment(cache),
            stdout=self.log,
            stderr=run.STDOUT,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                self.epoch()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError(f"mkdocs serve did not start:\n{self.output}") from None
                time.sleep(0.2)
        # As an author would, edit once the server is idle (it loads nbconvert after starting).
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while time.monotonic() < deadline:
            before = self.cpu_seconds()
            time.sleep(0.5)
            if self.cpu_seconds() - before < 0.05:
                break

    def cpu_seconds(self) -> float:
        """CPU seconds the server has used so far (its own, and its children's it waited for)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
        return ticks / os.sysconf("SC_CLK_TCK")

    def epoch(self) -> int:
        """The time stamp of the latest finished build (the poll answers at once for epoch 0)."""
        poll = f"{self.url}/livereload/0/0"
        with urllib.request.urlopen(poll, timeout=10) as answer:  # noqa: S310 - our own server
            return int(answer.read())

    def reload_seconds(self, edit: Callable[[], None]) -> tuple[float, float]:
        """Seconds from the end of `edit()` (which writes a file) to the reload answer, and the
        CPU seconds the server used meanwhile."""
        since = self.epoch()
        answered: list[float] = []

        def poll():
            # The server answers with the same epoch after its poll timeout: ask again.
            while not answered:
                poll = f"{self.url}/livereload/{since}/1"
                with urllib.request.urlopen(poll, timeout=RELOAD_TIMEOUT) as answer:  # noqa: S310
                    if int(answer.read()) > since:
                        answered.append(time.monotonic())

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        cpu = self.cpu_seconds()
        edit()
        written = time.monotonic()
        poller.join(RELOAD_TIMEOUT)
        if not answered:
            raise RuntimeError(f"no reload within {RELOAD_TIMEOUT} s:\n{self.output}")
        if "ERROR" in self.output:
            raise RuntimeError(f"the rebuild failed:\n{self.output}")
        return answered[0] - written, self.cpu_seconds() - cpu

    @property
    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def close(self) -> None:
        self.process.stop(grace=10)
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
