"""What the local cluster changes on the host itself, and how to undo it: sysctls, mounts.

Its network lives in the node's own namespace (netns.py); these are what no namespace holds.
"""

import errno
import socket
import sys
from pathlib import Path

from lab import run

# `umount -l` detaches at once: this bounds only a hung mount table.
UMOUNT_TIMEOUT = 60


def port_taken(port: int) -> bool:
    """Whether something listens on TCP PORT on any of this host's addresses, IPv4 or IPv6.

    Asked of the kernel by binding the port (no `ss`, which only Linux has): a bind to the
    wildcard address fails with EADDRINUSE while any socket listens on the port. On Linux,
    SO_REUSEADDR lets the bind ignore connections left in TIME_WAIT, not a listener;
    elsewhere (BSD, macOS) it would let the wildcard bind beside a listener, so it stays
    off there. A family the host lacks (no IPv6) has nothing listening."""
    # The probe binds, never listens: nothing is exposed.
    wildcards = ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::"))  # noqa: S104
    for family, wildcard in wildcards:
        try:
            probe = socket.socket(family, socket.SOCK_STREAM)
        except OSError:
            continue
        with probe:
            if sys.platform.startswith("linux"):
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind((wildcard, port))
            except OSError as err:
                if err.errno == errno.EADDRINUSE:
                    return True
    return False


def listener_hint(port: int) -> str:
    """The command that names what listens on PORT, on this host's system."""
    if sys.platform.startswith("linux"):
        return f"ss -tlnp 'sport = :{port}'"
    return f"lsof -nP -iTCP:{port} -sTCP:LISTEN"


# Host-wide settings kubelet changes at start (no network namespace holds them); `up`
# records them first and `down` writes them back.
KUBELET_SYSCTLS = (
    "vm/overcommit_memory",
    "vm/panic_on_oom",
    "kernel/panic",
    "kernel/panic_on_oops",
    "kernel/keys/root_maxkeys",
    "kernel/keys/root_maxbytes",
)


def read_sysctls(proc_sys: Path = Path("/proc/sys")) -> dict[str, str]:
    return {key: (proc_sys / key).read_text().strip() for key in KUBELET_SYSCTLS}


def write_sysctls(values: dict[str, str], proc_sys: Path = Path("/proc/sys")) -> None:
    for key, value in values.items():
        if key in KUBELET_SYSCTLS and (proc_sys / key).read_text().strip() != value:
            (proc_sys / key).write_text(value)


def mounts_under(*roots: Path) -> list[str]:
    """Mount points below ROOTS, deepest first (the order to unmount them)."""
    points = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        point = line.split()[4].replace("\\040", " ")
        if any(point == str(r) or point.startswith(f"{r}/") for r in roots):
            points.append(point)
    return sorted(set(points), key=len, reverse=True)


def unmount_under(*roots: Path) -> None:
    for point in mounts_under(*roots):
        purpose = "unmounting what the local cluster mounted"
        run.run(
            ["umount", "-l", point],
            purpose=purpose,
            timeout=UMOUNT_TIMEOUT,
            check=False,
            capture=False,
        )
