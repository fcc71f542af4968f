"""LoadBalancer Services on the lab clusters: MetalLB gives them an address from its pool,
and the host reaches the Service there."""

import ipaddress
import json
import subprocess

import pytest
import requests

from lab.cluster import addons, netns
from tests.cluster.clusterlib import manifest, wait_until
from tests.cluster.pods import service, web_pod


def ingress_ip(kubectl, namespace: str, name: str) -> str | None:
    status = kubectl.json("-n", namespace, "get", "service", name)["status"]
    ingress = status.get("loadBalancer", {}).get("ingress") or []
    return ingress[0].get("ip") if ingress else None


def ip_json(*args: str) -> list[dict]:
    """`ip -j -4 ARGS`: this host's routes or addresses, as iproute2 reports them."""
    out = subprocess.run(["ip", "-j", "-4", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def load_balancer(name: str, load_balancer_class: str | None = None) -> dict:
    spec = service(name, "LoadBalancer")
    if load_balancer_class:
        spec["spec"]["loadBalancerClass"] = load_balancer_class
    return spec


def test_a_load_balancer_gets_a_pool_address_and_answers_the_host(cluster, kubectl, namespace):
    kubectl.apply(namespace, manifest(web_pod("web", "hello-from-lb"), load_balancer("web")))
    kubectl.wait_pod(namespace, "web")
    address = wait_until(
        "MetalLB to give the Service an address",
        lambda: ingress_ip(kubectl, namespace, "web"),
        timeout=60,
        interval=1,
    )
    assert any(ipaddress.ip_address(address) in block for block in addons.metallb_pool(cluster))

    def answer():
        try:
            return requests.get(f"http://{address}:8080/", timeout=3).text.strip()
        except requests.RequestException:
            return None

    assert wait_until(f"{address}:8080 to answer", answer, timeout=30) == "hello-from-lb"


def test_a_class_nothing_implements_gets_no_address(kubectl, namespace):
    """MetalLB serves Services without a class; another class keeps none, even after
    MetalLB served the Service created with it."""
    kubectl.apply(
        namespace,
        manifest(load_balancer("other", "example.com/none"), load_balancer("served")),
    )
    wait_until("the unclassed Service's address", lambda: ingress_ip(kubectl, namespace, "served"))
    assert ingress_ip(kubectl, namespace, "other") is None


def test_the_local_pool_is_a_documentation_block_routed_to_the_node_only(cluster):
    """The local pool is TEST-NET-2 (RFC 5737), which no real network uses; this host routes
    it to the node over the veth pair and nowhere else, and holds none of its addresses: a
    packet for it never leaves by the default route. In the node, only kube-proxy's rules
    answer for it: its own route for the pool is `unreachable`."""
    if cluster != "local":
        pytest.skip("the local provider's pool; on kind the speaker announces another")
    pool = addons.metallb_pool("local")
    assert all(block.subnet_of(ipaddress.ip_network("198.51.100.0/24")) for block in pool)

    def covering(*where: str) -> list[tuple]:
        return [
            (route["dst"], route.get("type", "unicast"), route.get("dev"), route.get("gateway"))
            for route in ip_json(*where, "route", "show", "table", "all")
            if route["dst"] not in ("default", "0.0.0.0/0")
            and any(ipaddress.ip_network(route["dst"], strict=False).overlaps(b) for b in pool)
        ]

    held = [
        info["local"]
        for link in ip_json("addr")
        for info in link.get("addr_info", [])
        if any(ipaddress.ip_address(info["local"]) in block for block in pool)
    ]
    on_host = [(str(b), "unicast", netns.HOST_LINK, netns.NODE_IP) for b in pool]
    assert covering() == on_host
    assert covering("-n", netns.NAME) == [(str(b), "unreachable", None, None) for b in pool]
    assert held == []
