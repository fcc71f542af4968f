"""The CPU a namespace's pods use, from their kubelets' counters, without the HPA's lag.

`kubectl get --raw /api/v1/nodes/NODE/proxy/metrics/resource` asks the API server for
the kubelet's resource metrics, the Prometheus text metrics-server reads. Each container
has one line

    container_cpu_usage_seconds_total{container="taskapp",namespace="NS",pod="P"} 12.5 1765000000123

the CPU time it has used since it started and when the kubelet read it (ms since the
epoch). Two readings give each pod's CPU between them, exactly, where the HPA's figure
lags a change of load by up to 45 s (metrics-server's 15 s scrape, the rate over the last
15 s, the HPA's 15 s pass).

    before = podcpu.read(NS, "app.kubernetes.io/name=taskapp")
    ...                                  # some load, 20 s or more
    podcpu.millicores(before, podcpu.read(NS, "app.kubernetes.io/name=taskapp"))
"""

import json
from dataclasses import dataclass

from prometheus_client.parser import text_string_to_metric_families

from lab.cluster import commands
from lab.errors import LabError
from lab.run import run

COUNTER = "container_cpu_usage_seconds_total"


class PodCpuError(LabError):
    """A kubelet that can't be read, or two readings that can't be compared."""


@dataclass(frozen=True)
class Reading:
    seconds: float  # CPU time the pod's containers used since they started
    at: float  # when the kubelet read the counters (POSIX seconds; the latest container's)


def parse(text: str, namespace: str) -> dict[str, Reading]:
    """Each pod of `namespace` in a kubelet's /metrics/resource text: its containers' CPU
    seconds summed, as metrics-server sums them for the pod."""
    pods: dict[str, Reading] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name != COUNTER or sample.labels.get("namespace") != namespace:
                continue
            if sample.timestamp is None:
                raise PodCpuError(f"{COUNTER} of pod {sample.labels['pod']!r} has no timestamp")
            before = pods.get(sample.labels["pod"], Reading(0.0, 0.0))
            pods[sample.labels["pod"]] = Reading(
                before.seconds + sample.value, max(before.at, float(sample.timestamp))
            )
    return pods


def _kubectl(*args: str, purpose: str) -> str:
    result = run(
        [*commands.kubectl(), *args],
        purpose=purpose,
        timeout=30,  # one request to the API server (and through it to a kubelet)
        check=False,
    )
    if result.returncode != 0:
        raise PodCpuError(f"{purpose} failed: {result.stderr.strip()}")
    return result.stdout


def read(namespace: str, selector: str) -> dict[str, Reading]:
    """The CPU counters of the running pods that `selector` picks in `namespace`, read from
    the kubelet of each node they run on."""
    purpose = f"listing the pods {selector!r} of namespace {namespace!r}"
    running = "--field-selector=status.phase=Running"
    listed = _kubectl(
        "-n", namespace, "get", "pods", "-l", selector, running, "-o", "json", purpose=purpose
    )
    pods = json.loads(listed)["items"]
    if not pods:
        raise PodCpuError(f"no running pod matches {selector!r} in namespace {namespace!r}")
    readings: dict[str, Reading] = {}
    for node in sorted({pod["spec"]["nodeName"] for pod in pods}):
        path = f"/api/v1/nodes/{node}/proxy/metrics/resource"
        text = _kubectl("get", "--raw", path, purpose=f"reading node {node}'s kubelet metrics")
        readings.update(parse(text, namespace))
    names = {pod["metadata"]["name"] for pod in pods}
    missing = names - readings.keys()
    if missing:
        raise PodCpuError(f"the kubelets report no {COUNTER} for {sorted(missing)}")
    return {name: readings[name] for name in sorted(names)}


def millicores(before: dict[str, Reading], after: dict[str, Reading]) -> dict[str, float]:
    """Each pod's CPU between two readings, in thousandths of a core. The same pods must be
    in both, and the kubelet must have read their counters again in between."""
    if before.keys() != after.keys():
        raise PodCpuError(
            f"the pods changed between the readings: {sorted(before)} -> {sorted(after)}"
        )
    used = {}
    for pod, first in before.items():
        elapsed = after[pod].at - first.at
        if elapsed <= 0:
            raise PodCpuError(f"the kubelet did not read pod {pod!r}'s counters again in between")
        used[pod] = 1000 * (after[pod].seconds - first.seconds) / elapsed
    return used
