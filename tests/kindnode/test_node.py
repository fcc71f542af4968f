"""The look-alike node image boots as kind starts a node (privileged, its own cgroup
namespace, tmpfs /run and /tmp): systemd runs, and containerd answers with every image
the cluster needs, at the versions deploy/versions.yaml pins. Needs a Docker engine that
starts privileged containers (Engine 29; 20.10 can't here)."""

import json

import pytest

from lab.cluster import images
from lab.cluster.provider import full_name
from lab.kindnode import boot, image
from lab.toolchain import versions


@pytest.fixture(scope="module")
def node():
    with boot.booted(image.provide()) as name:
        yield name


def output(node: str, *argv: str) -> str:
    return boot.on_node(node, *argv).stdout.strip()


def test_systemd_boots_and_runs_containerd(node):
    assert boot.system_state(node) in boot.BOOTED
    assert output(node, "systemctl", "is-active", "containerd") == "active"


def test_containerd_lists_every_image_of_the_cluster_pinned(node):
    wanted = {full_name(entry.tag) for entry in images.cluster_images()}
    assert wanted <= set(boot.node_images(node))
    for name in wanted:
        info = json.loads(output(node, "crictl", "inspecti", "-o", "json", name))
        assert info["status"]["pinned"] is True, name


def test_the_node_runs_the_pinned_versions(node):
    kubernetes = versions.kubernetes()
    assert output(node, "cat", "/kind/version") == kubernetes
    assert output(node, "kubelet", "--version") == f"Kubernetes {kubernetes}"
    assert versions.component("containerd")["version"] in output(node, "containerd", "--version")
    assert versions.component("runc")["version"].lstrip("v") in output(node, "runc", "--version")
    assert output(node, "crictl", "--version").endswith(versions.component("cri_tools")["version"])
    pause = versions.component("pause")["image"]
    assert f'sandbox_image = "{pause}"' in output(node, "cat", "/etc/containerd/config.toml")
