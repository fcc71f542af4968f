"""The project's own Docker engine: its daemon.json, its command line, starting it.

daemon.json says explicitly what a fresh install of a current Engine gets, so a machine's
history doesn't decide it: BuildKit, the containerd image store, and container addresses
in 198.18.0.0/15. The engine runs on the containerd and runc the project builds: their
folders come first on dockerd's PATH (Debian's older ones may be on it too).
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

from lab import waiting
from lab.cluster import processes
from lab.engine import floor

CONFIG_FILE = Path("/etc/taskapp-engine/daemon.json")
# Container addresses come from 198.19.0.0/16 (part of RFC 2544's benchmarking block, which
# no LAN uses): the default bridge and the pools Compose's networks are taken from. Docker's
# own defaults (172.17.0.0/16 and
# up, 192.168.0.0/16) are private ranges a reader's LAN or VPN may use.
DEFAULT_BRIDGE = "198.19.0.1/24"
ADDRESS_POOLS = [{"base": "198.19.128.0/17", "size": 24}]
# docker-init, the init `docker run --init` starts: Debian's static tini.
INIT = Path("/usr/bin/tini-static")


def daemon_json() -> dict:
    return {
        "features": {"buildkit": True, "containerd-snapshotter": True},
        "bip": DEFAULT_BRIDGE,
        "default-address-pools": ADDRESS_POOLS,
        "init-path": str(INIT),
    }


@dataclass(frozen=True)
class Layout:
    """Where one engine answers and keeps its state: Docker's own places by default."""

    socket: Path = floor.DOCKER_SOCKET
    data_root: Path = Path("/var/lib/docker")
    exec_root: Path = Path("/var/run/docker")
    pidfile: Path = Path("/var/run/docker.pid")
    config_file: Path = CONFIG_FILE
    run_dir: Path = Path("/run/taskapp-engine")  # our own pid file of dockerd and its log


def dockerd_argv(bins: dict[str, Path], layout: Layout, *extra: str) -> list[str]:
    return [
        str(bins["moby"] / "dockerd"),
        f"--config-file={layout.config_file}",
        f"--host=unix://{layout.socket}",
        f"--data-root={layout.data_root}",
        f"--exec-root={layout.exec_root}",
        f"--pidfile={layout.pidfile}",
        *extra,
    ]


def environment(bins: dict[str, Path]) -> dict[str, str]:
    """dockerd's environment: the engine's, containerd's and runc's folders first on PATH."""
    first = [bins[name] for name in ("moby", "containerd", "runc")]
    return {**os.environ, "PATH": os.pathsep.join([*map(str, first), os.environ["PATH"]])}


def write_config(path: Path, settings: dict | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings or daemon_json(), indent=2) + "\n")


def start(
    bins: dict[str, Path],
    layout: Layout,
    *extra: str,
    settings: dict | None = None,
    timeout: float = 60,
    under: tuple[str, ...] = (),
) -> str:
    """Start dockerd with LAYOUT and SETTINGS (daemon_json() unless given), under the command
    UNDER if given (e.g. `unshare --net --`); return the version it answers with once it does."""
    write_config(layout.config_file, settings)
    layout.run_dir.mkdir(parents=True, exist_ok=True)
    argv = [*under, *dockerd_argv(bins, layout, *extra)]
    processes.start("dockerd", argv, layout.run_dir, layout.run_dir, environment(bins))
    return waiting.wait_for(
        f"dockerd to answer on {layout.socket}",
        lambda: floor.server_version(layout.socket),
        timeout=timeout,
        hint=f"; see {layout.run_dir / 'dockerd.log'}",
    )
