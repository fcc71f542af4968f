"""Wait for something to happen, with a timeout that says what was awaited and what was seen."""

import time

from lab.errors import LabError


def wait_for(what: str, check, timeout: float = 120, interval: float = 0.5, hint: str = ""):
    """Poll check() until it returns something truthy, and return that; else raise LabError."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise LabError(
        f"timed out after {timeout:.0f} s waiting for {what} (last seen: {last!r}){hint}"
    )
