"""Make sure a Docker engine the labs can use answers: the host's own when it is recent
enough, else ours, built from source and started. Never a second engine beside one."""

import os

from lab.cluster import processes
from lab.engine import build, client, daemon, floor
from lab.errors import LabError

LAYOUT = daemon.Layout()


def check() -> floor.Decision:
    """What `ensure` would do here, with the one line that says so; changes nothing."""
    decision = floor.probe(LAYOUT.socket)
    if decision.action is floor.Action.STOP and left_by_ours():
        return floor.Decision(
            floor.Action.INSTALL,
            f"the project's engine left {floor.DOCKER_SOCKET} behind when it stopped: "
            "starting it again",
        )
    return decision


def ours_runs() -> bool:
    """Whether the engine that answers is the one the project started (its pid file)."""
    return processes.pid_of("dockerd", LAYOUT.run_dir) is not None


def left_by_ours() -> bool:
    """A socket nothing answers on, where the project's engine ran and no longer does (the
    machine stopped without stopping it): ours to start again. Any other is its owner's."""
    pidfile = LAYOUT.run_dir / "dockerd.pid"
    return (
        LAYOUT.socket.exists()
        and floor.server_version(LAYOUT.socket) is None
        and pidfile.exists()
        and not ours_runs()
    )


def ensure() -> str:
    decision = check()
    if decision.action is floor.Action.STOP:
        raise LabError(decision.message)
    if decision.action is floor.Action.USE:
        if ours_runs():
            client.use_ours(build.build_cli())
        return f"{decision.message}; {client.require_recent()}"
    if os.geteuid() != 0:
        raise LabError("no Docker engine here, and starting one needs root: 'sudo make setup'")
    LAYOUT.socket.unlink(missing_ok=True)  # ours, stale (check() said so), or none
    bins = build.build_all()
    version = daemon.start(bins, LAYOUT)
    client.use_ours(bins["docker_cli"])
    started = f"started Docker Engine {version} on unix://{LAYOUT.socket}"
    return f"{started}; {client.require_recent()}"
