"""The kind cluster's networks: the project's docker network its nodes join (kind's own
`kind` network, which a reader's clusters may use, is never touched), MetalLB's pool at the
top of that network, and the ptp CNI config a node of the look-alike image gets.

Docker hands the nodes addresses from the lower half of the network (its --ip-range); the
upper half is MetalLB's, so no node ever takes a Service's address.
"""

import ipaddress
from pathlib import Path

from lab.docker import docker
from lab.errors import LabError

NETWORK = "taskapp-lab-kind"
LABEL = "org.taskapp-lab.network"
# README's address table: in 198.18.0.0/15, apart from the local cluster's and the engine's.
SUBNET = ipaddress.ip_network("198.18.32.0/24")
ROUTES = Path("/proc/net/route")
SUBNETS_OF = "{{range .IPAM.Config}}{{.Subnet}} {{end}}"


def halves(subnet: ipaddress.IPv4Network) -> tuple[ipaddress.IPv4Network, ipaddress.IPv4Network]:
    """(the nodes' half, MetalLB's half) of SUBNET."""
    if subnet.prefixlen > 28:
        raise LabError(
            f"{subnet} is too small for kind's nodes and MetalLB's pool: use a /28 or more"
        )
    lower, upper = subnet.subnets(prefixlen_diff=1)
    return lower, upper


def pool(subnet: ipaddress.IPv4Network) -> str:
    """MetalLB's pool on SUBNET, FIRST-LAST: its upper half without the broadcast address."""
    hosts = list(halves(subnet)[1])[:-1]
    return f"{hosts[0]}-{hosts[-1]}"


def routes(table: str) -> list[ipaddress.IPv4Network]:
    """The destinations of a /proc/net/route TABLE (addresses in hex, least significant
    byte first), the default route left out."""
    found = []
    for line in table.splitlines()[1:]:
        fields = line.split()
        dest, mask = (int.from_bytes(bytes.fromhex(f), "little") for f in (fields[1], fields[7]))
        if mask:
            found.append(ipaddress.ip_network((dest, bin(mask).count("1"))))
    return found


def users(
    subnet: ipaddress.IPv4Network,
    routed: list[ipaddress.IPv4Network],
    networks: dict[str, list[str]],
) -> list[str]:
    """What on this host already uses addresses of SUBNET: the ROUTED destinations and
    docker networks other than ours ({name: subnets})."""
    found = [f"the route to {dst}" for dst in routed if dst.overlaps(subnet)]
    for name, subnets in networks.items():
        if name != NETWORK and any(ipaddress.ip_network(s).overlaps(subnet) for s in subnets):
            found.append(f"the docker network {name!r} ({' '.join(subnets)})")
    return found


def _docker_networks() -> dict[str, list[str]]:
    names = docker("network", "ls", "--format", "{{.Name}}", capture=True).split()
    return {
        name: docker("network", "inspect", name, "--format", SUBNETS_OF, capture=True).split()
        for name in names
    }


def _ours() -> list[str]:
    """The docker networks that carry the project's label for kind: ours, if it is here."""
    labelled = f"label={LABEL}=kind"
    return docker(
        "network", "ls", "--filter", labelled, "--format", "{{.Name}}", capture=True
    ).split()


def ensure() -> str:
    """The project's network for kind's nodes, created when missing; its name."""
    networks = _docker_networks()
    if NETWORK in networks:
        if NETWORK not in _ours():
            raise LabError(f"a docker network {NETWORK!r} exists that the project didn't make")
        return NETWORK
    # This host's routes (Linux; elsewhere the engine runs in a VM with routes of its own).
    table = ROUTES.read_text() if ROUTES.exists() else ""
    taken = users(SUBNET, routes(table), networks)
    if taken:
        raise LabError(
            f"{SUBNET} is used on this host by {', '.join(taken)}; kind's nodes need it free"
        )
    docker(
        "network",
        "create",
        f"--label={LABEL}=kind",
        f"--subnet={SUBNET}",
        f"--ip-range={halves(SUBNET)[0]}",
        f"--gateway={next(SUBNET.hosts())}",
        NETWORK,
        capture=True,
    )
    return NETWORK


def subnet() -> ipaddress.IPv4Network:
    """The IPv4 subnet of the project's network as docker has it."""
    found = docker("network", "inspect", NETWORK, "--format", SUBNETS_OF, capture=True).split()
    return next(n for n in map(ipaddress.ip_network, found) if n.version == 4)


def exists() -> bool:
    """The project's network is here (a network of that name someone else made is not)."""
    return NETWORK in _ours()


def remove() -> None:
    """Remove the project's network once no container is on it."""
    if not exists():
        return
    attached = docker(
        "network", "inspect", NETWORK, "--format", "{{len .Containers}}", capture=True
    )
    if attached.strip() == "0":
        docker("network", "rm", NETWORK, capture=True)


def ptp_conflist(pod_cidr: str) -> dict:
    """A CNI config that gives each pod a veth pair to the node and an address of POD_CIDR,
    the node's share of the pod subnet; traffic leaving the node is masqueraded."""
    return {
        "cniVersion": "1.0.0",
        "name": "lab-ptp",
        "plugins": [
            {
                "type": "ptp",
                "ipMasq": True,
                "ipam": {
                    "type": "host-local",
                    "ranges": [[{"subnet": pod_cidr}]],
                    "routes": [{"dst": "0.0.0.0/0"}],
                },
            },
            {"type": "portmap", "capabilities": {"portMappings": True}},
        ],
    }
