"""Whether to use the Docker engine a machine already has, install ours, or stop.

The floor is Engine 25: the labs rely on what it and 23 changed. From 23, BuildKit is
the default builder and a `--privileged` container gets the daemon's own capabilities
(a machine whose bounding set lacks one still starts it; kind's nodes are privileged).
From 25, an `internal` network gives its containers no default route, which the Compose
lab asserts. An engine at or above the floor is used as it is, whoever installed it;
below it, setup stops and says what to do. The project never starts a second engine
beside one that is there.
"""

import enum
import http.client
import json
import re
import socket
from dataclasses import dataclass
from pathlib import Path

FLOOR = 25
DOCKER_SOCKET = Path("/var/run/docker.sock")


class Action(enum.Enum):
    USE = "use"  # an engine at or above the floor answers
    INSTALL = "install"  # no engine here: start ours
    STOP = "stop"  # an engine we must not replace or run beside


@dataclass(frozen=True)
class Decision:
    action: Action
    message: str  # one line


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: Path, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(str(self.path))


def server_version(path: Path = DOCKER_SOCKET, timeout: float = 5.0) -> str | None:
    """The Engine version that answers on the socket at PATH (its API's /version), or None
    when nothing answers; PermissionError when this user may not use it. Asked over the
    API, not through a docker CLI of any age."""
    connection = _UnixConnection(path, timeout)
    try:
        connection.request("GET", "/version")
        response = connection.getresponse()
        if response.status != 200:
            return None
        return str(json.loads(response.read())["Version"])
    except PermissionError:
        raise
    except (OSError, http.client.HTTPException, ValueError, KeyError):
        return None
    finally:
        connection.close()


def major(version: str) -> int | None:
    """20 for Debian's `20.10.24+dfsg1`, 29 for `29.8.1`; None when it names no release."""
    found = re.match(r"v?(\d+)\.\d+", version)
    return int(found.group(1)) if found else None


def decide(version: str | None, socket_path: Path = DOCKER_SOCKET) -> Decision:
    """What setup does, given the version that answers on SOCKET_PATH (None: no answer)."""
    where = f"unix://{socket_path}"
    if version is None:
        if socket_path.exists():
            return Decision(
                Action.STOP,
                f"{socket_path} exists but no Docker engine answers on it: start that engine "
                "(e.g. 'systemctl start docker') or uninstall it; the project never starts a "
                "second one beside it",
            )
        return Decision(Action.INSTALL, f"no Docker engine answers on {where}: installing ours")
    found = major(version)
    if found is None:
        return Decision(
            Action.STOP,
            f"the Docker engine on {where} reports version {version!r}, which names no "
            f"release; the labs need Engine {FLOOR} or later",
        )
    if found < FLOOR:
        return Decision(
            Action.STOP,
            f"Docker Engine {version} on {where} is older than {FLOOR}, the oldest the labs "
            f"run on: upgrade it to {FLOOR} or later, or uninstall it and run 'make setup' "
            "again to get the project's own",
        )
    return Decision(Action.USE, f"Docker Engine {version} answers on {where}: using it")


def probe(socket_path: Path = DOCKER_SOCKET) -> Decision:
    """What setup does with the engine on SOCKET_PATH, asking it for its version."""
    try:
        version = server_version(socket_path)
    except PermissionError:
        return Decision(
            Action.STOP,
            f"this user may not use {socket_path}: run setup as root, or as a member of "
            "the group that owns it (usually 'docker')",
        )
    return decide(version, socket_path)
