"""Which DaemonSets could enforce NetworkPolicies: those whose account may list them."""

import json
import subprocess

import pytest

from lab.cluster import netpolicy
from lab.errors import LabError


def daemonset(namespace: str, name: str, account: str | None) -> dict:
    spec = {"serviceAccountName": account} if account else {}
    return {
        "metadata": {"namespace": namespace, "name": name},
        "spec": {"template": {"spec": spec}},
    }


DAEMONSETS = [
    daemonset("kube-system", "kube-proxy", "kube-proxy"),
    daemonset("kube-system", "kindnet", "kindnet"),
    daemonset("calico-system", "calico-node", "calico-node"),
    daemonset("kube-system", "no-account", None),
]


def cluster(allowed: set[str], answer=None):
    """A kubectl that lists DAEMONSETS and says yes for the accounts in ALLOWED."""

    def kubectl(args: list[str]) -> subprocess.CompletedProcess:
        if args[:2] == ["get", "daemonsets"]:
            return subprocess.CompletedProcess(args, 0, json.dumps({"items": DAEMONSETS}), "")
        if answer is not None:
            return answer
        who = args[-1].removeprefix("--as=system:serviceaccount:")
        yes = who in allowed
        return subprocess.CompletedProcess(args, 0 if yes else 1, "yes" if yes else "no", "")

    return kubectl


def test_the_readers_are_the_daemonsets_whose_account_may_list_policies_in_any_namespace():
    allowed = {"kube-system:kindnet", "calico-system:calico-node"}
    found = netpolicy.readers(cluster(allowed))
    assert found == ["calico-system/calico-node", "kube-system/kindnet"]


def test_a_cluster_where_no_agent_may_list_them_has_no_readers():
    assert netpolicy.readers(cluster({"kube-system:coredns"})) == []
    assert netpolicy.readers(cluster(set())) == []


def test_an_account_the_daemonset_does_not_name_is_the_namespace_default():
    assert netpolicy.readers(cluster({"kube-system:default"})) == ["kube-system/no-account"]
    assert netpolicy.readers(cluster({"calico-system:default"})) == []


def test_an_error_is_never_read_as_no():
    failed = subprocess.CompletedProcess([], 1, "", "error: the server doesn't have a resource")
    with pytest.raises(LabError, match="gave no answer: error: the server"):
        netpolicy.readers(cluster(set(), answer=failed))
