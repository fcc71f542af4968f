"""NetworkPolicies: the API server stores them; a node agent that reads them enforces them.

kind's kindnetd reads and enforces them. The local cluster's bridge plugin doesn't, and the
controller that would (kube-network-policies) needs the kernel's nftables `queue`
expression, which the CI machines' kernel lacks (docs/operating/best-practices.md). So the
test finds out which case the running cluster is in, from RBAC, and checks that case.
"""

import time

from tests.cluster.clusterlib import manifest, wait_until
from tests.cluster.pods import pod, web_pod

REQUEST = 'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 3 {address} 8080'


def policy_readers(kubectl) -> list[str]:
    """DaemonSets of kube-system whose service account may list NetworkPolicies."""
    found = []
    for daemonset in kubectl.json("-n", "kube-system", "get", "daemonsets")["items"]:
        account = daemonset["spec"]["template"]["spec"].get("serviceAccountName", "default")
        who = f"--as=system:serviceaccount:kube-system:{account}"
        answer = kubectl(
            "auth", "can-i", "list", "networkpolicies.networking.k8s.io", "-A", who, check=False
        )
        if answer.stdout.strip() == "yes":
            found.append(daemonset["metadata"]["name"])
    return found


def connects(kubectl, namespace: str, client: str) -> bool:
    """One HTTP request from CLIENT to the web pod's IP (3 s to connect and answer)."""
    address = kubectl.json("-n", namespace, "get", "pod", "web")["status"]["podIP"]
    request = REQUEST.format(address=address)
    reply = kubectl.exec(namespace, client, "sh", "-c", request, check=False).stdout
    return reply.startswith("HTTP/1.")


def admit_only(selected: str) -> dict:
    """A policy for the web pod: connections from pods labelled app=SELECTED only."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": "web"},
        "spec": {
            "podSelector": {"matchLabels": {"app": "web"}},
            "policyTypes": ["Ingress"],
            "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": selected}}}]}],
        },
    }


def start(kubectl, namespace: str) -> None:
    """A web server and two clients, all ready."""
    kubectl.apply(
        namespace,
        manifest(web_pod("web", "hello"), pod("chosen", "sleep 3600"), pod("other", "sleep 3600")),
    )
    kubectl.wait_pod(namespace, "web")
    kubectl.wait_pod(namespace, "chosen")
    kubectl.wait_pod(namespace, "other")


def test_without_a_policy_every_pod_connects(kubectl, namespace):
    start(kubectl, namespace)
    assert connects(kubectl, namespace, "chosen") and connects(kubectl, namespace, "other")


def test_a_policy_admits_only_the_selected_pod_where_a_node_agent_enforces_it(kubectl, namespace):
    start(kubectl, namespace)
    kubectl.apply(namespace, manifest(admit_only("chosen")))
    if policy_readers(kubectl):
        wait_until(
            "the policy to keep 'other' out", lambda: not connects(kubectl, namespace, "other"), 30
        )
        assert connects(kubectl, namespace, "chosen")
    else:  # stored, and nothing on the node acts on it
        time.sleep(5)
        assert connects(kubectl, namespace, "chosen") and connects(kubectl, namespace, "other")
    stored = kubectl.json("-n", namespace, "get", "networkpolicies")["items"]
    assert [policy["metadata"]["name"] for policy in stored] == ["web"]
