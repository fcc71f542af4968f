"""kind v0.33.0 creates a cluster on the look-alike node image, on a docker network of the
project's own in 198.18.0.0/15 (KIND_EXPERIMENTAL_DOCKER_NETWORK): the node turns Ready once
a CNI config is on it, and the control plane, CoreDNS, kube-proxy and the default
StorageClass's provisioner run from the images the node image holds. Needs an engine that
starts privileged containers (Engine 29; 20.10 can't here). Everything it makes is removed."""

import ipaddress
import json
import os
import subprocess
from pathlib import Path

import pytest

from lab.kindnode import image, tools
from lab.toolchain import build, versions

HERE = Path(__file__).parent
NAME = "lab-kindnode-test"  # the cluster and its docker network
SUBNET = "198.18.32.0/24"
NODE_POD_CIDR = "198.18.160.0/24"  # the node's share of kind-cluster.yaml's podSubnet
PTP = {
    "cniVersion": "1.0.0",
    "name": "lab-ptp",
    "plugins": [
        {
            "type": "ptp",
            "ipMasq": True,
            "ipam": {
                "type": "host-local",
                "ranges": [[{"subnet": NODE_POD_CIDR}]],
                "routes": [{"dst": "0.0.0.0/0"}],
            },
        },
        {"type": "portmap", "capabilities": {"portMappings": True}},
    ],
}


def run(*argv, **options) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True, **options).stdout


@pytest.fixture(scope="module")
def kubectl(tmp_path_factory):
    """kubectl on a kind cluster of the look-alike node image, with a CNI config on its node."""
    kind = str(tools.build_tool("kind") / "kind")
    kubeconfig = tmp_path_factory.mktemp("kind") / "kubeconfig"
    created = [kind, "create", "cluster", f"--name={NAME}", f"--image={image.provide()}"]
    created += [f"--config={HERE / 'kind-cluster.yaml'}", f"--kubeconfig={kubeconfig}"]
    run("docker", "network", "create", f"--subnet={SUBNET}", NAME)
    try:
        run(*created, env={**os.environ, "KIND_EXPERIMENTAL_DOCKER_NETWORK": NAME})
        cni = "/etc/cni/net.d/10-lab-ptp.conflist"
        run(
            "docker",
            "exec",
            "-i",
            f"{NAME}-control-plane",
            "cp",
            "/dev/stdin",
            cni,
            input=json.dumps(PTP),
        )
        kubernetes = build.bin_dir("kubernetes", versions.kubernetes())
        yield [str(kubernetes / "kubectl"), f"--kubeconfig={kubeconfig}"]
    finally:
        deleted = [kind, "delete", "cluster", f"--name={NAME}", f"--kubeconfig={kubeconfig}"]
        subprocess.run(deleted, capture_output=True, check=False)
        subprocess.run(["docker", "network", "rm", NAME], capture_output=True, check=False)


def test_the_node_turns_ready_on_the_projects_network(kubectl):
    run(*kubectl, "wait", "--for=condition=Ready", "node", "--all", "--timeout=120s")
    jsonpath = "jsonpath={.items[0].status.addresses[?(@.type=='InternalIP')].address}"
    address = run(*kubectl, "get", "nodes", "-o", jsonpath)
    assert ipaddress.ip_address(address) in ipaddress.ip_network(SUBNET)


@pytest.mark.parametrize(
    "workload",
    [
        "kube-system/deployment/coredns",
        "kube-system/daemonset/kube-proxy",
        "local-path-storage/deployment/local-path-provisioner",
    ],
)
def test_the_system_workloads_roll_out(kubectl, workload):
    namespace, kind, name = workload.split("/")
    run(*kubectl, "-n", namespace, "rollout", "status", f"{kind}/{name}", "--timeout=180s")


def test_the_default_storage_class_is_the_projects_local_path(kubectl):
    provisioner = run(*kubectl, "get", "storageclass", "standard", "-o", "jsonpath={.provisioner}")
    assert provisioner == "rancher.io/local-path"
