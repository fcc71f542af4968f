"""The demo switches, kept as files in DEMO_STATE_DIR.

A file is seen by every gunicorn worker of the container, so a switch holds for
the whole app instead of flapping with whichever worker answers. gunicorn clears
the switches when it starts (gunicorn.conf.py), so a restarted container is healthy.
Plain Python, no Django: gunicorn's master uses it before Django is loaded.
"""

import os
from pathlib import Path

DEFAULT_DIR = "/tmp/taskapp-demo"  # noqa: S108 -- holds two empty marker files, nothing secret
HUNG = "hung"
NOT_READY = "not-ready"


def state_dir() -> Path:
    return Path(os.environ.get("DEMO_STATE_DIR") or DEFAULT_DIR)


def is_on(switch: str) -> bool:
    return (state_dir() / switch).exists()


def turn(switch: str, on: bool) -> None:
    path = state_dir() / switch
    if on:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.touch()
    else:
        path.unlink(missing_ok=True)


def reset() -> None:
    for switch in (HUNG, NOT_READY):
        turn(switch, False)
