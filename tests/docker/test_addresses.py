"""Container addresses stay out of the private ranges (scripts/ensure-docker.sh).

Where the project started the engine, its default bridge and the networks Compose makes
take addresses of 198.19.0.0/16; a reader's own engine keeps its own settings, and then
there is nothing of ours to check.
"""

import ipaddress
import uuid
from pathlib import Path

import pytest

from tests.docker.conftest import docker

OURS = ipaddress.ip_network("198.19.0.0/16")


def _project_started_the_engine() -> bool:
    """scripts/ensure-docker.sh starts dockerd with its output in /var/log/dockerd.log."""
    for process in Path("/proc").glob("[0-9]*"):
        try:
            if (process / "comm").read_text().strip() == "dockerd":
                return (process / "fd" / "1").resolve() == Path("/var/log/dockerd.log")
        except OSError:
            continue
    return False


def _subnets(network: str) -> list[ipaddress.IPv4Network]:
    found = docker(
        "network", "inspect", network, "--format", "{{range .IPAM.Config}}{{.Subnet}} {{end}}"
    )
    return [ipaddress.ip_network(word) for word in found.stdout.split()]


@pytest.fixture(scope="module")
def our_engine():
    if not _project_started_the_engine():
        pytest.skip(
            "this engine was not started by scripts/ensure-docker.sh: its settings are its owner's"
        )


def test_the_default_bridge_is_in_our_range(our_engine):
    """The default bridge's subnet is within 198.19.0.0/16."""
    subnets = _subnets("bridge")
    assert subnets and all(subnet.subnet_of(OURS) for subnet in subnets), subnets


def test_a_new_network_is_in_our_range(our_engine):
    """A network made without a subnet (as Compose makes them) gets one from our pool."""
    name = f"taskapp-test-net-{uuid.uuid4().hex[:8]}"
    docker("network", "create", name)
    try:
        subnets = _subnets(name)
    finally:
        docker("network", "rm", name)
    assert subnets and all(subnet.subnet_of(OURS) for subnet in subnets), subnets
