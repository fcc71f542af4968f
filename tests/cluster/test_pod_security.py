"""Pod Security Admission is on: a `restricted` namespace refuses a privileged pod."""

from tests.cluster.clusterlib import manifest
from tests.cluster.pods import RESTRICTED_CONTAINER, pod


def restrict(kubectl, namespace):
    kubectl("label", "namespace", namespace, "pod-security.kubernetes.io/enforce=restricted")


def test_a_privileged_pod_is_rejected(kubectl, namespace):
    restrict(kubectl, namespace)
    privileged = pod(
        "privileged", "sleep 3600", container={"securityContext": {"privileged": True}}
    )
    result = kubectl.apply(namespace, manifest(privileged), check=False)
    assert result.returncode != 0
    assert 'violates PodSecurity "restricted:' in result.stderr
    assert "privileged" in result.stderr


def test_a_compliant_pod_is_admitted_and_runs(kubectl, namespace):
    restrict(kubectl, namespace)
    compliant = pod("compliant", "sleep 3600", container=RESTRICTED_CONTAINER)
    kubectl.apply(namespace, manifest(compliant))
    kubectl.wait_pod(namespace, "compliant")
