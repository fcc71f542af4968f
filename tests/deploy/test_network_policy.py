"""The database's NetworkPolicy (components/network-policy) and the controller that can enforce
it (deploy/addons/kube-network-policies.yaml): least privilege, checked on the rendered YAML."""

import os
import tempfile

import kubernetes_validate
import pytest
import yaml

from lab.toolchain import versions
from tests.deploy.k8s_manifests import K8S, ROOT, run_kubectl

KUBERNETES = versions.kubernetes().removeprefix("v")
ADDON = ROOT / "deploy" / "addons" / "kube-network-policies.yaml"


@pytest.fixture(scope="module")
def with_policy(tracked_tree) -> list[dict]:
    """The local overlay with the labs' and the network-policy components, as the lab applies it."""
    with tempfile.TemporaryDirectory(dir=tracked_tree) as wrapper:

        def relative(*parts: str) -> str:
            return os.path.relpath(tracked_tree / K8S / os.path.join(*parts), wrapper)

        kustomization = {
            "namespace": "lab-policy",
            "resources": [relative("overlays", "local")],
            "components": [relative("components", "lab"), relative("components", "network-policy")],
        }
        with open(os.path.join(wrapper, "kustomization.yaml"), "w") as handle:
            yaml.safe_dump(kustomization, handle)
        rendered = run_kubectl("kustomize", wrapper).stdout
    return [doc for doc in yaml.safe_load_all(rendered) if doc]


def only(objects: list[dict], kind: str) -> dict:
    found = [obj for obj in objects if obj["kind"] == kind]
    assert len(found) == 1, f"{len(found)} {kind} objects"
    return found[0]


def selects(selector: dict, labels: dict) -> bool:
    """matchLabels only: the policy uses nothing else (checked below)."""
    assert set(selector) == {"matchLabels"}
    return selector["matchLabels"].items() <= labels.items()


def template_labels(objects: list[dict], kind: str) -> dict:
    return only(objects, kind)["spec"]["template"]["metadata"]["labels"]


def test_the_policy_is_valid_and_lands_in_the_apps_namespace(with_policy):
    policy = only(with_policy, "NetworkPolicy")
    kubernetes_validate.validate(policy, KUBERNETES, strict=True)
    assert policy["metadata"]["namespace"] == "lab-policy"


def test_the_policy_selects_the_database_and_not_the_app(with_policy):
    policy = only(with_policy, "NetworkPolicy")["spec"]
    assert selects(policy["podSelector"], template_labels(with_policy, "StatefulSet"))
    assert not selects(policy["podSelector"], template_labels(with_policy, "Deployment"))
    assert policy["policyTypes"] == ["Ingress"]  # the database's own connections stay free


def test_only_the_apps_pods_may_connect_and_only_to_the_database_port(with_policy):
    """One rule, one peer: the app's pods of the same namespace (no namespaceSelector, no
    ipBlock), on the port the database listens on."""
    (rule,) = only(with_policy, "NetworkPolicy")["spec"]["ingress"]
    (peer,) = rule["from"]
    assert set(peer) == {"podSelector"}
    assert selects(peer["podSelector"], template_labels(with_policy, "Deployment"))
    assert not selects(peer["podSelector"], template_labels(with_policy, "StatefulSet"))
    database = only(with_policy, "StatefulSet")["spec"]["template"]["spec"]["containers"][0]
    ports = {port["name"]: port["containerPort"] for port in database["ports"]}
    assert [(p["protocol"], ports[p["port"]]) for p in rule["ports"]] == [("TCP", 5432)]


def addon_objects() -> dict[str, dict]:
    return {obj["kind"]: obj for obj in yaml.safe_load_all(ADDON.read_text()) if obj}


def test_the_controller_only_reads_pods_namespaces_and_policies():
    rules = addon_objects()["ClusterRole"]["rules"]
    granted = {
        (group, resource) for r in rules for group in r["apiGroups"] for resource in r["resources"]
    }
    assert granted == {("", "pods"), ("", "namespaces"), ("networking.k8s.io", "networkpolicies")}
    assert {verb for r in rules for verb in r["verbs"]} == {"list", "watch"}


def test_the_controller_gets_net_admin_and_nothing_else():
    """Not privileged: every capability dropped but NET_ADMIN (nftables and the packet queue
    over netlink), on the node's network (hostNetwork), with the image versions.yaml pins."""
    daemonset = addon_objects()["DaemonSet"]
    for obj in addon_objects().values():
        kubernetes_validate.validate(obj, KUBERNETES, strict=True)
    spec = daemonset["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    security = container["securityContext"]
    assert spec["hostNetwork"] is True and not security.get("privileged")
    assert security["capabilities"] == {"drop": ["ALL"], "add": ["NET_ADMIN"]}
    assert security["allowPrivilegeEscalation"] is False
    assert container["image"] == versions.component("kube_network_policies")["image"]
