"""The kind cluster's networks: the project's docker network, split between kind's nodes
and MetalLB's pool, checked free on this host before it is made; a node's ptp config."""

import ipaddress

import pytest

from lab.cluster import addons, kindnet
from lab.errors import LabError

# /proc/net/route as a host with a default route, its LAN, and the local cluster's link.
TABLE = """\
Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
taskapp-lab0\t000012C6\t00000000\t0001\t0\t0\t0\tFCFFFFFF\t0\t0\t0
"""


def net(text: str) -> ipaddress.IPv4Network:
    return ipaddress.ip_network(text)


def test_the_route_table_is_read_without_its_default_route():
    assert kindnet.routes(TABLE) == [net("192.0.2.0/24"), net("198.18.0.0/30")]


def test_the_pool_is_the_upper_half_of_the_network():
    assert kindnet.halves(net("198.18.32.0/24")) == (net("198.18.32.0/25"), net("198.18.32.128/25"))
    assert kindnet.pool(net("198.18.32.0/24")) == "198.18.32.128-198.18.32.254"
    assert kindnet.pool(net("198.18.40.0/28")) == "198.18.40.8-198.18.40.14"


def test_a_network_too_small_to_split_is_refused():
    with pytest.raises(LabError, match="too small"):
        kindnet.halves(net("198.18.32.0/29"))


def test_the_kind_pool_in_deploy_is_the_one_derived_from_the_network():
    first, last = (ipaddress.ip_address(end) for end in kindnet.pool(kindnet.SUBNET).split("-"))
    assert addons.metallb_pool("kind") == list(ipaddress.summarize_address_range(first, last))


def test_the_network_is_free_on_this_kind_of_host():
    networks = {"bridge": ["198.19.0.0/24"], kindnet.NETWORK: [str(kindnet.SUBNET)]}
    assert kindnet.users(kindnet.SUBNET, kindnet.routes(TABLE), networks) == []


@pytest.mark.parametrize(
    ("routed", "networks", "user"),
    [
        ([net("198.18.32.64/26")], {}, "the route to 198.18.32.64/26"),
        ([net("198.18.0.0/16")], {}, "the route to 198.18.0.0/16"),
        ([], {"kind": ["198.18.32.0/24", "2001:db8::/64"]}, "the docker network 'kind'"),
    ],
)
def test_a_route_or_another_docker_network_on_the_subnet_is_named(routed, networks, user):
    (found,) = kindnet.users(kindnet.SUBNET, routed, networks)
    assert found.startswith(user)


def test_a_nodes_cni_config_gives_pods_its_share_of_the_pod_subnet():
    conflist = kindnet.ptp_conflist("198.18.161.0/24")
    ptp, portmap = conflist["plugins"]
    assert (ptp["type"], portmap["type"]) == ("ptp", "portmap")
    assert ptp["ipam"]["ranges"] == [[{"subnet": "198.18.161.0/24"}]]
