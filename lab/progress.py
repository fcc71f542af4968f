"""Progress on long steps: what is being done, a heartbeat while it runs, how long it took."""

import io
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def step(message: str, heartbeat: float = 30.0) -> Iterator[None]:
    """Announce `message`, print the elapsed time every `heartbeat` seconds, then the total."""
    say(f"{message} ...")
    start = time.monotonic()
    done = threading.Event()

    def beat() -> None:
        while not done.wait(heartbeat):
            say(f"  ... still {message[0].lower()}{message[1:]} ({time.monotonic() - start:.0f} s)")

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
    say(f"  done in {time.monotonic() - start:.1f} s")


@contextmanager
def silenced() -> Iterator[None]:
    """Drop the progress lines of steps that are usually no-ops, so a notebook's output
    stays the same whether or not they had work to do; errors still raise."""
    with redirect_stderr(io.StringIO()):
        yield
