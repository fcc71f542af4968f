"""Container addresses stay out of the private ranges (lab/engine/daemon.py).

Where the project started the engine, its default bridge and the networks Compose makes
take addresses of 198.19.0.0/16; a reader's own engine keeps its own settings, and then
there is nothing of ours to check.
"""

import ipaddress
import uuid

import pytest

from lab.engine.ensure import ours_runs
from tests.docker.conftest import docker

OURS = ipaddress.ip_network("198.19.0.0/16")


def _subnets(network: str) -> list[ipaddress.IPv4Network]:
    found = docker(
        "network", "inspect", network, "--format", "{{range .IPAM.Config}}{{.Subnet}} {{end}}"
    )
    return [ipaddress.ip_network(word) for word in found.stdout.split()]


@pytest.fixture(scope="module")
def our_engine():
    if not ours_runs():
        pytest.skip("this engine was not started by the project: its settings are its owner's")


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


PRIVATE = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def test_no_network_on_the_engine_is_in_a_private_range(our_engine):
    """Whatever made them (these suites, the labs, Compose), the engine's networks stay out
    of the ranges a reader's LAN or VPN may use."""
    names = docker("network", "ls", "--format", "{{.Name}}").stdout.split()
    assert "bridge" in names, names
    found = {name: _subnets(name) for name in names if name not in ("host", "none")}
    private = {n: s for n, s in found.items() if any(x.subnet_of(p) for x in s for p in PRIVATE)}
    assert not private, private
