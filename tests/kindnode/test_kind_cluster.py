"""`lab cluster up --provider kind` on this machine, where kindest/node can't be pulled: the
look-alike node image, a ptp CNI config on the node, the project's docker network, MetalLB
answering from the host; then `lab cluster down` leaves nothing of the cluster behind.

The cluster is one of its own beside any other (LAB_KIND_CLUSTER, LAB_PROVIDERS=kind),
its context in a kubeconfig of its own. Needs an engine that starts privileged containers
(Engine 29; 20.10 can't here) and the look-alike (built on first use)."""

import ipaddress
import json
import os
import subprocess

import pytest
import requests

from lab.cluster import kind, kindnet
from tests.cluster.clusterlib import LAB, Kubectl, manifest, wait_until
from tests.cluster.pods import web_pod
from tests.cluster.test_loadbalancer import ingress_ip, load_balancer

NAME = "lab-kindnode-test"
NAMESPACE = "kindnode-test"
# Seconds `lab cluster up` may take: the look-alike's import (about a minute) when the
# engine lacks it, the node's boot, the add-ons.
UP_TIMEOUT = 900


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    kubeconfig = tmp_path_factory.mktemp("kind") / "kubeconfig"
    own = {"LAB_PROVIDERS": "kind", kind.NAME_VARIABLE: NAME, "KUBECONFIG": str(kubeconfig)}
    return {**os.environ, **own}


def lab(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*LAB, *args], env=env, capture_output=True, text=True, timeout=UP_TIMEOUT, check=False
    )


@pytest.fixture(scope="module")
def up(env):
    """The output of `lab cluster up --provider kind`; `lab cluster down` at the end."""
    result = lab(env, "cluster", "up", "--provider", "kind")
    try:
        assert result.returncode == 0, result.stderr[-3000:]
        yield result.stderr
    finally:
        lab(env, "cluster", "down")


@pytest.fixture(scope="module")
def kubectl(env, up):
    return Kubectl(["kubectl", f"--kubeconfig={env['KUBECONFIG']}", f"--context=kind-{NAME}"])


def test_up_says_it_uses_the_look_alike(up):
    assert "can't be pulled here: using the look-alike taskapp-lab/kind-node:" in up


def test_the_node_is_ready_on_the_projects_network(kubectl):
    kubectl("wait", "--for=condition=Ready", "node", "--all", "--timeout=120s")
    (node,) = kubectl.json("get", "nodes")["items"]
    (address,) = [a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP"]
    assert ipaddress.ip_address(address) in kindnet.halves(kindnet.SUBNET)[0]
    config = subprocess.run(
        ["docker", "exec", node["metadata"]["name"], "cat", kind.CNI_CONFIG],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert node["spec"]["podCIDR"] in config


def test_a_pod_runs_and_a_load_balancer_answers_the_host(kubectl):
    kubectl("create", "namespace", NAMESPACE)
    kubectl.apply(NAMESPACE, manifest(web_pod("web", "hello-from-kind"), load_balancer("web")))
    kubectl.wait_pod(NAMESPACE, "web")
    assert kubectl.json("-n", NAMESPACE, "get", "pod", "web")["status"]["phase"] == "Running"
    address = wait_until(
        "MetalLB to give the Service an address",
        lambda: ingress_ip(kubectl, NAMESPACE, "web"),
        timeout=60,
        interval=1,
    )
    assert ipaddress.ip_address(address) in kindnet.halves(kindnet.SUBNET)[1]

    def answer():
        try:
            return requests.get(f"http://{address}:8080/", timeout=3).text.strip()
        except requests.RequestException:
            return None

    assert wait_until(f"{address}:8080 to answer", answer, timeout=30) == "hello-from-kind"
    # Layer 2: the speaker answered this host's ARP request with the node's own address.
    neighbour = subprocess.run(
        ["ip", "-j", "neigh", "show", address], capture_output=True, text=True, check=True
    )
    node = f"{NAME}-control-plane"
    mac = subprocess.run(
        [
            "docker",
            "inspect",
            node,
            "--format",
            "{{range .NetworkSettings.Networks}}{{.MacAddress}}{{end}}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert [entry["lladdr"] for entry in json.loads(neighbour.stdout)] == [mac.stdout.strip()]


def test_down_leaves_no_container_or_network_of_the_cluster(env, up):
    assert lab(env, "cluster", "down").returncode == 0
    label = f"label=io.x-k8s.kind.cluster={NAME}"
    containers = subprocess.run(
        ["docker", "ps", "-aq", "--filter", label], capture_output=True, text=True, check=True
    )
    assert containers.stdout.split() == []
    networks = subprocess.run(
        ["docker", "network", "ls", "--format", "{{.Name}}"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert kindnet.NETWORK not in networks.stdout.split()
