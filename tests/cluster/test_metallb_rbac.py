"""MetalLB's speaker may read, cluster-wide, everything its cache watches cluster-wide.

A watch the speaker's RBAC allows in one namespace only never syncs its cache, and the
speaker exits: rendered from the kind overlay, no cluster needed.
"""

import subprocess

import yaml

from lab.paths import ROOT

KIND_OVERLAY = ROOT / "deploy" / "addons" / "metallb" / "kind"

# What MetalLB v0.15.2's speaker caches in every namespace: the objects its manager does
# not select by namespace (internal/k8s/k8s.go), as (API group, resource).
WATCHED_CLUSTER_WIDE = [
    ("", "services"),
    ("", "nodes"),
    ("", "namespaces"),
    ("discovery.k8s.io", "endpointslices"),
    ("metallb.io", "servicel2statuses"),
]


def rendered(folder) -> list[dict]:
    out = subprocess.run(
        ["kubectl", "kustomize", str(folder)], capture_output=True, text=True, check=True
    ).stdout
    return [doc for doc in yaml.safe_load_all(out) if doc]


def cluster_wide_grants(objects: list[dict], account: str, namespace: str) -> set[tuple]:
    """(group, resource, verb) the ClusterRoles bound cluster-wide to the account grant."""
    roles = {obj["metadata"]["name"]: obj for obj in objects if obj["kind"] == "ClusterRole"}
    subject = {"kind": "ServiceAccount", "name": account, "namespace": namespace}
    bound = [
        binding["roleRef"]["name"]
        for binding in objects
        if binding["kind"] == "ClusterRoleBinding" and subject in binding["subjects"]
    ]
    return {
        (group, resource, verb)
        for name in bound
        for rule in roles[name]["rules"]
        for group in rule["apiGroups"]
        for resource in rule["resources"]
        for verb in rule["verbs"]
    }


def test_the_speaker_may_list_and_watch_in_every_namespace_what_it_caches_there():
    objects = rendered(KIND_OVERLAY)
    grants = cluster_wide_grants(objects, "speaker", "metallb-system")
    missing = [
        f"{group or 'core'}/{resource} {verb}"
        for group, resource in WATCHED_CLUSTER_WIDE
        for verb in ("list", "watch")
        if (group, resource, verb) not in grants
    ]
    assert missing == [], f"the speaker's ClusterRole lacks {missing}"


def test_a_grant_in_the_speakers_namespace_alone_is_not_counted():
    """The check can fail: the speaker's namespaced Role grants nothing cluster-wide."""
    objects = rendered(KIND_OVERLAY)
    namespaced = {
        resource
        for obj in objects
        if obj["kind"] == "Role" and obj["metadata"]["name"] == "speaker"
        for rule in obj["rules"]
        for resource in rule["resources"]
    }
    assert "ipaddresspools" in namespaced
    grants = cluster_wide_grants(objects, "speaker", "metallb-system")
    assert ("metallb.io", "ipaddresspools", "list") not in grants
