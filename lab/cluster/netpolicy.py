"""Which node agents could enforce NetworkPolicies on the running cluster, read from it.

The API server only stores a NetworkPolicy; an agent on every node (the network plugin,
or a controller beside it) enforces it, and it can only do so if it reads them. So the
candidates are the DaemonSets, in any namespace, whose service account may list
NetworkPolicies: kind's `kindnet` is one; the local cluster's bridge plugin has none.
"""

import json
from collections.abc import Callable

from lab.cluster import commands
from lab.errors import LabError
from lab.run import Completed, run

Kubectl = Callable[[list[str]], Completed]


def _kubectl(args: list[str]) -> Completed:
    # One API request each; 30 s is what a loaded API server may take to answer.
    return run(
        [*commands.kubectl(), *args],
        purpose="reading who may list NetworkPolicies",
        timeout=30,
        check=False,
    )


def may_list(answer: Completed) -> bool:
    """`kubectl auth can-i`'s answer: yes (exit 0), no (exit 1 and "no"), else an error."""
    said = answer.stdout.strip()
    if answer.returncode == 0 and said == "yes":
        return True
    if answer.returncode == 1 and said == "no":
        return False
    raise LabError(f"'kubectl auth can-i' gave no answer: {answer.stderr.strip() or said}")


def readers(kubectl: Kubectl = _kubectl) -> list[str]:
    """NAMESPACE/NAME of each DaemonSet whose service account may list NetworkPolicies."""
    listing = kubectl(["get", "daemonsets", "--all-namespaces", "-o", "json"])
    if listing.returncode != 0:
        raise LabError(f"'kubectl get daemonsets' failed: {listing.stderr.strip()}")
    found = []
    for daemonset in json.loads(listing.stdout)["items"]:
        namespace = daemonset["metadata"]["namespace"]
        account = daemonset["spec"]["template"]["spec"].get("serviceAccountName", "default")
        who = f"--as=system:serviceaccount:{namespace}:{account}"
        asked = ["auth", "can-i", "list", "networkpolicies.networking.k8s.io", "-A", who]
        if may_list(kubectl(asked)):
            found.append(f"{namespace}/{daemonset['metadata']['name']}")
    return sorted(found)
