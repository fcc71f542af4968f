"""The default StorageClass: a PVC binds, and its data outlives the pod that wrote it."""

from tests.cluster.clusterlib import manifest
from tests.cluster.pods import pod


def claim() -> dict:
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": "data"},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "64Mi"}}},
    }


def with_volume(spec: dict) -> dict:
    spec["spec"]["volumes"] = [{"name": "data", "persistentVolumeClaim": {"claimName": "data"}}]
    spec["spec"]["containers"][0]["volumeMounts"] = [{"name": "data", "mountPath": "/data"}]
    return spec


def test_a_claim_binds_and_its_data_survives_the_pod(kubectl, namespace):
    writer = with_volume(pod("writer", "echo kept > /data/note && sleep 3600"))
    kubectl.apply(namespace, manifest(claim(), writer))
    kubectl.wait_pod(namespace, "writer", timeout=180)
    bound = kubectl.json("-n", namespace, "get", "pvc", "data")
    assert bound["status"]["phase"] == "Bound"

    kubectl("-n", namespace, "delete", "pod", "writer", "--wait=true")
    reader = with_volume(pod("reader", "sleep 3600"))
    kubectl.apply(namespace, manifest(reader))
    kubectl.wait_pod(namespace, "reader", timeout=120)
    assert kubectl.exec(namespace, "reader", "cat", "/data/note").stdout.strip() == "kept"
