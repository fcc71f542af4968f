"""metrics-server behind the aggregation layer: `kubectl top`, the metrics API and an HPA see
the CPU that running pods really use."""

import json
import re

from kubernetes.utils import parse_quantity

from tests.cluster.clusterlib import manifest, wait_until
from tests.cluster.pods import BUSYBOX, pod

METRICS_API = "/apis/metrics.k8s.io/v1beta1"
BURN = "while :; do :; done"  # one shell loop: as much CPU as the limit allows
SIZED = {"resources": {"requests": {"cpu": "50m"}, "limits": {"cpu": "100m"}}}


def metrics(kubectl, path: str) -> list[dict]:
    """The items the metrics API lists under PATH; none while it has no sample yet."""
    result = kubectl("get", "--raw", f"{METRICS_API}/{path}", check=False)
    return json.loads(result.stdout)["items"] if result.returncode == 0 else []


def test_kubectl_top_pod_gives_numbers(kubectl):
    def numbers():
        result = kubectl("top", "pod", "-n", "kube-system", "--no-headers", check=False)
        rows = [line.split() for line in result.stdout.splitlines()]
        return rows if result.returncode == 0 and rows else None

    rows = wait_until("kubectl top pod to answer", numbers, timeout=90)
    assert any(name.startswith("kube-apiserver-") for name, *_ in rows)
    for _name, cpu, memory in rows:
        assert re.fullmatch(r"\d+m", cpu), cpu
        assert re.fullmatch(r"\d+Mi", memory), memory
    assert sum(int(memory[:-2]) for _, _, memory in rows) > 0


def test_node_usage_is_above_zero_and_within_the_nodes_capacity(kubectl):
    capacity = {
        node["metadata"]["name"]: node["status"]["capacity"]
        for node in kubectl.json("get", "nodes")["items"]
    }
    samples = wait_until("the metrics API to list the nodes", lambda: metrics(kubectl, "nodes"))
    assert {sample["metadata"]["name"] for sample in samples} == set(capacity)
    for sample in samples:
        node = capacity[sample["metadata"]["name"]]
        for resource in ("cpu", "memory"):
            used = parse_quantity(sample["usage"][resource])
            assert 0 < used <= parse_quantity(node[resource]), (resource, used, node[resource])


def test_a_busy_pod_shows_its_cpu_and_an_idle_one_stays_near_zero(kubectl, namespace):
    busy, idle = pod("busy", BURN, container=SIZED), pod("idle", "sleep 3600", container=SIZED)
    kubectl.apply(namespace, manifest(busy, idle))

    def both_measured():
        usage = {
            sample["metadata"]["name"]: parse_quantity(sample["containers"][0]["usage"]["cpu"])
            for sample in metrics(kubectl, f"namespaces/{namespace}/pods")
        }
        return usage if usage.keys() == {"busy", "idle"} and usage["busy"] > 0.05 else None

    usage = wait_until("the busy pod to use over 50m CPU", both_measured, timeout=180, interval=5)
    assert usage["busy"] <= 0.12, usage  # its 100m limit, with the sampling's slack
    assert usage["idle"] < 0.01, usage


def deployment(name: str, command: str) -> dict:
    container = {
        "name": "main",
        "image": BUSYBOX,
        "imagePullPolicy": "IfNotPresent",
        "command": ["sh", "-c", command],
        **SIZED,
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [container], "terminationGracePeriodSeconds": 1},
            },
        },
    }


def hpa(name: str) -> dict:
    """An HPA that measures but never scales (one replica at most): the load stays one loop."""
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": name},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicas": 1,
            "maxReplicas": 1,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 80},
                    },
                }
            ],
        },
    }


def test_an_hpa_reports_the_cpu_a_busy_deployment_uses(kubectl, namespace):
    kubectl.apply(namespace, manifest(deployment("busy", BURN), hpa("busy")))

    def utilization():
        status = kubectl.json("-n", namespace, "get", "hpa", "busy").get("status", {})
        for metric in status.get("currentMetrics") or []:
            resource = metric.get("resource", {})
            value = resource.get("current", {}).get("averageUtilization")
            if resource.get("name") == "cpu" and value is not None and value > 100:
                return value
        return None

    # Percent of the 50m request: a loop held to its 100m limit is near 200 %.
    value = wait_until("the HPA to see over 100 % CPU", utilization, timeout=180, interval=5)
    assert value <= 240
