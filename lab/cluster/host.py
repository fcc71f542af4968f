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


# Chains kubelet makes, and those of kube-proxy that `kube-proxy --cleanup` leaves: fixed
# names. (Another kube-proxy on the same host would use the same names: only a network
# namespace of the cluster's own keeps the two apart.)
FIXED_CHAINS = {"KUBE-FIREWALL", "KUBE-KUBELET-CANARY", "KUBE-PROXY-CANARY", "KUBE-IPTABLES-HINT"}
TABLES = [(p, t) for p in ("iptables", "ip6tables") for t in ("filter", "nat", "mangle")]


def _cni_chains(rules: list[str], network: str) -> set[str]:
    """The bridge plugin's per-pod chains of our CNI network: each is jumped to by a rule
    whose comment names the network (`name: "NETWORK" id: "..."`)."""
    found = set()
    for line in rules:
        parts = shlex.split(line)
        if parts[0] != "-A" or "--comment" not in parts or "-j" not in parts:
            continue
        if parts[parts.index("--comment") + 1].startswith(f'name: "{network}" '):
            found.add(parts[parts.index("-j") + 1])
    return found


def remove_chains(network: str) -> None:
    """Unhook and delete the chains our kubelet and our CNI network made, and only those."""
    for program, table in TABLES:
        rules = _iptables("-t", table, "-S", program=program).stdout.splitlines()
        names = {line.split()[1] for line in rules if line.startswith("-N ")}
        ours = names & (FIXED_CHAINS | _cni_chains(rules, network))
        for line in rules:  # first the jumps into our chains from the others
            parts = shlex.split(line)
            if parts[0] == "-A" and parts[1] not in ours and "-j" in parts:
                if parts[parts.index("-j") + 1] in ours:
                    _iptables("-t", table, "-D", *parts[1:], program=program)
        for name in ours:
            _iptables("-t", table, "-F", name, program=program)
        for name in ours:
            _iptables("-t", table, "-X", name, program=program)


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
