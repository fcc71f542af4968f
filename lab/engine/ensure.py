"""Make sure a Docker engine the labs can use answers: the host's own when it is recent
enough, else ours, built from source and started. Never a second engine beside one."""

import os

from lab.engine import build, daemon, floor
from lab.errors import LabError


def check() -> floor.Decision:
    """What `ensure` would do here, with the one line that says so; changes nothing."""
    return floor.probe(floor.DOCKER_SOCKET)


def ensure() -> str:
    decision = check()
    if decision.action is floor.Action.STOP:
        raise LabError(decision.message)
    if decision.action is floor.Action.USE:
        return decision.message
    if os.geteuid() != 0:
        raise LabError("no Docker engine here, and starting one needs root: 'sudo make setup'")
    version = daemon.start(build.build_all(), daemon.Layout())
    return f"started Docker Engine {version} on unix://{floor.DOCKER_SOCKET}"
