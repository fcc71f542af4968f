"""What the local cluster changes on the host, and how to undo it: iptables, links, mounts."""

import shlex
import subprocess
from pathlib import Path

from lab.errors import LabError

# Our FORWARD rules carry this comment, so `down` removes exactly those.
RULE_COMMENT = "taskapp-lab"


def node_ip() -> str:
    """The host address the default route leaves from: the node's InternalIP."""
    # A route lookup only: nothing is sent to this address.
    route = subprocess.run(["ip", "-4", "route", "get", "1.1.1.1"], capture_output=True, text=True)  # noqa: S603,S607
    words = route.stdout.split()
    if route.returncode != 0 or "src" not in words:
        raise LabError("this host has no IPv4 default route; the node needs an address to use")
    return words[words.index("src") + 1]


def port_taken(port: int) -> bool:
    out = subprocess.run(["ss", "-Htln", f"sport = :{port}"], capture_output=True, text=True)  # noqa: S603,S607
    return bool(out.stdout.strip())


def _iptables(*args: str, program: str = "iptables") -> subprocess.CompletedProcess:
    return subprocess.run([program, "-w", *args], capture_output=True, text=True, check=False)  # noqa: S603


def allow_forward(bridge: str) -> None:
    """Docker sets the FORWARD policy to DROP; accept our bridge's traffic, and only it."""
    for direction in ("-i", "-o"):
        rule = [direction, bridge, "-m", "comment", "--comment", RULE_COMMENT, "-j", "ACCEPT"]
        if _iptables("-C", "FORWARD", *rule).returncode != 0:
            _iptables("-I", "FORWARD", "1", *rule)


def remove_forward_rules() -> None:
    for line in _iptables("-S", "FORWARD").stdout.splitlines():
        parts = shlex.split(line)
        if RULE_COMMENT in parts:
            _iptables("-D", *parts[1:])


def chains(prefixes: tuple[str, ...] = ("KUBE-", "CNI-")) -> list[str]:
    """Chains of any table whose names start with PREFIXES."""
    found = []
    for program in ("iptables", "ip6tables"):
        for table in ("filter", "nat", "mangle"):
            for line in _iptables("-t", table, "-S", program=program).stdout.splitlines():
                if line.startswith("-N ") and line.split()[1].startswith(prefixes):
                    found.append(f"{program} {table} {line.split()[1]}")
    return found


def remove_chains(prefixes: tuple[str, ...] = ("KUBE-", "CNI-")) -> None:
    """Unhook and delete the chains kubelet, kube-proxy and the CNI plugins made."""
    for program in ("iptables", "ip6tables"):
        for table in ("filter", "nat", "mangle"):
            _remove_table_chains(program, table, prefixes)


def _remove_table_chains(program: str, table: str, prefixes: tuple[str, ...]) -> None:
    rules = _iptables("-t", table, "-S", program=program).stdout.splitlines()
    ours = [line.split()[1] for line in rules if line.startswith("-N ")]
    ours = [name for name in ours if name.startswith(prefixes)]
    for line in rules:  # first the jumps into our chains from the built-in ones
        parts = shlex.split(line)
        if parts[0] == "-A" and not parts[1].startswith(prefixes) and "-j" in parts:
            if parts[parts.index("-j") + 1] in ours:
                _iptables("-t", table, "-D", *parts[1:], program=program)
    for name in ours:
        _iptables("-t", table, "-F", name, program=program)
    for name in ours:
        _iptables("-t", table, "-X", name, program=program)


def link_exists(name: str) -> bool:
    return Path(f"/sys/class/net/{name}").exists()


def delete_link(name: str) -> None:
    if link_exists(name):
        subprocess.run(["ip", "link", "delete", name], check=False)  # noqa: S603,S607


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
        subprocess.run(["umount", "-l", point], check=False)  # noqa: S603,S607


def route_to_link(network: str, link: str) -> None:
    """Route NETWORK to LINK on this host. The kernel drops the route with the link."""
    subprocess.run(  # noqa: S603,S607
        ["ip", "route", "replace", network, "dev", link, "proto", "static"], check=True
    )
