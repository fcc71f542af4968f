"""The local node's network namespace: the cluster's whole network, apart from the host's.

containerd, kubelet and everything they start (pods, and the hostNetwork static pods too)
run in a network namespace of our own, entered with `nsenter --net` only: kubelet and
containerd must keep sharing the host's mounts, which `ip netns exec` would remount. The
host reaches the node over one veth pair. The cluster's iptables chains, its bridge and
its pods' veths exist only in the namespace, and deleting the namespace deletes them.
"""

import ipaddress
import time
from pathlib import Path

from lab import run

# ip, iptables and sysctl ask the kernel and return at once; 30 s covers waiting on the
# xtables lock another iptables holds.
NETWORK_TIMEOUT = 30

NAME = "taskapp-lab"
PATH = Path("/run/netns") / NAME
HOST_LINK = "taskapp-lab0"  # the host's end of the veth pair
NODE_LINK = "eth0"  # the node's end, inside the namespace
# Two addresses of 198.18.0.0/15, kept for benchmarking (RFC 2544): no LAN uses them.
NETWORK = ipaddress.ip_network("198.18.0.0/30")
HOST_IP = "198.18.0.1"
NODE_IP = "198.18.0.2"


def _run(what: str, argv: list[str], check: bool = True) -> run.Completed:
    """Run ARGV; a failure raises saying WHAT failed, with the program's own message."""
    return run.run(argv, purpose=what, timeout=NETWORK_TIMEOUT, check=check)


def _ip(*args: str, inside: bool = False, check: bool = True) -> run.Completed:
    command = f"'ip {' '.join(args)}'"
    if inside:
        return _run(f"{command} in the namespace {NAME}", [*enter(), "ip", *args], check)
    return _run(command, ["ip", *args], check)


def enter() -> list[str]:
    """The command prefix that runs a program in the namespace (and nothing else changed)."""
    return ["nsenter", f"--net={PATH}"]


def exists() -> bool:
    return PATH.exists() or Path(f"/sys/class/net/{HOST_LINK}").exists()


def network_taken() -> str | None:
    """A host route that overlaps ours, if some other network already uses the addresses."""
    for line in _ip("-4", "route", "show").stdout.splitlines():
        target = line.split()[0]
        if target == "default":
            continue
        try:
            overlaps = ipaddress.ip_network(target, strict=False).overlaps(NETWORK)
        except ValueError:
            continue
        if overlaps and f"dev {HOST_LINK} " not in f"{line} ":
            return line
    return None


def create(service_subnet: str) -> None:
    """The namespace, its veth pair to the host, and the node's forwarding switched on."""
    prefix = NETWORK.prefixlen
    _ip("netns", "add", NAME)
    _ip("link", "add", HOST_LINK, "type", "veth", "peer", "name", NODE_LINK, "netns", NAME)
    _ip("addr", "add", f"{HOST_IP}/{prefix}", "dev", HOST_LINK)
    _ip("link", "set", HOST_LINK, "up")
    _ip("addr", "add", f"{NODE_IP}/{prefix}", "dev", NODE_LINK, inside=True)
    _ip("link", "set", NODE_LINK, "up", inside=True)
    _ip("link", "set", "lo", "up", inside=True)
    # Nothing leaves the node for the world: with an unreachable default, a lookup of the
    # host's DNS servers (kubeadm's, CoreDNS's upstream) fails at once instead of timing
    # out. Service addresses, which a node's own processes reach through kube-proxy's
    # rules, are routed to the veth; the rules rewrite them before anything is sent.
    _ip("route", "add", "unreachable", "default", inside=True)
    _ip("route", "add", service_subnet, "via", HOST_IP, inside=True)
    # Per-namespace settings: the node routes between its pods, as any node does.
    _sysctl("net/ipv4/ip_forward", "1")
    _sysctl("net/bridge/bridge-nf-call-iptables", "1")
    # Only this host may talk to the node: a packet that came in on the veth from any other
    # source (forwarded here from another machine) is dropped before kube-proxy sees it.
    _iptables("-t", "raw", "-A", "PREROUTING", "-i", NODE_LINK, "!", "-s", HOST_IP, "-j", "DROP")
    # A pod's packet for a Service that kube-proxy has no rule for yet (the first seconds
    # of a node) is refused at once rather than sent off to be lost: the client's retry then
    # meets the rule, where a lost SYN would hold its connection until a 30 s timeout.
    _iptables("-A", "FORWARD", "-d", service_subnet, "-j", "REJECT")


def _sysctl(key: str, value: str) -> None:
    argv = [*enter(), "sh", "-c", f"echo {value} > /proc/sys/{key}"]
    _run(f"setting {key} in the namespace {NAME}", argv)


def _iptables(*args: str) -> None:
    argv = [*enter(), "iptables", "-w", *args]
    _run(f"'iptables {' '.join(args)}' in the namespace {NAME}", argv)


def route_to_node(network: str) -> None:
    """Route NETWORK (MetalLB's pool) from the host to the node, where kube-proxy's rules
    take a packet for a Service's address to a pod; inside, the same addresses are
    unreachable, so a packet for one kube-proxy has no rule for yet fails at once
    instead of going back to the host. Both routes go with the namespace."""
    _ip("route", "replace", network, "via", NODE_IP, "proto", "static")
    _ip("route", "replace", "unreachable", network, inside=True)


def delete(timeout: float = 15) -> None:
    """Delete the namespace; the kernel then removes its links, veths and iptables rules
    (the host's end of the veth pair included, a moment later)."""
    if PATH.exists():
        _ip("netns", "delete", NAME, check=False)
    deadline = time.monotonic() + timeout
    while Path(f"/sys/class/net/{HOST_LINK}").exists():
        if time.monotonic() > deadline:  # a namespace someone still holds open
            _ip("link", "delete", HOST_LINK, check=False)
            break
        time.sleep(0.1)
