"""metrics-server behind the aggregation layer: `kubectl top` and an HPA see real CPU."""

import re

from clusterlib import manifest, wait_until
from pods import BUSYBOX


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


def deployment(name: str) -> dict:
    container = {
        "name": "main",
        "image": BUSYBOX,
        "imagePullPolicy": "IfNotPresent",
        "command": ["sh", "-c", "sleep 3600"],
        "resources": {"requests": {"cpu": "50m"}, "limits": {"cpu": "100m"}},
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
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": name},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicas": 1,
            "maxReplicas": 2,
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


def test_an_hpa_reports_current_cpu(kubectl, namespace):
    kubectl.apply(namespace, manifest(deployment("idle"), hpa("idle")))

    def current():
        status = kubectl.json("-n", namespace, "get", "hpa", "idle").get("status", {})
        for metric in status.get("currentMetrics") or []:
            value = metric.get("resource", {}).get("current", {}).get("averageUtilization")
            if value is not None:
                return metric
        return None

    metric = wait_until("the HPA to report current CPU", current, timeout=180, interval=5)
    assert metric["resource"]["name"] == "cpu"
    assert metric["resource"]["current"]["averageUtilization"] >= 0
