"""Pods' CPU from their kubelets' counters: the text read, the pods summed, the rate."""

import json
import subprocess

import pytest

from lab import podcpu

METRICS = """\
# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container
# TYPE container_cpu_usage_seconds_total counter
container_cpu_usage_seconds_total{container="app",namespace="lab",pod="web-1"} 10.5 1765000010000
container_cpu_usage_seconds_total{container="proxy",namespace="lab",pod="web-1"} 1.5 1765000012000
container_cpu_usage_seconds_total{container="app",namespace="lab",pod="web-2"} 4 1765000011000
container_cpu_usage_seconds_total{container="app",namespace="other",pod="web-1"} 99 1765000011000
# HELP pod_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the pod
# TYPE pod_cpu_usage_seconds_total counter
pod_cpu_usage_seconds_total{namespace="lab",pod="web-1"} 50 1765000011000
"""


def test_a_pods_containers_are_summed_and_other_namespaces_left_out():
    assert podcpu.parse(METRICS, "lab") == {
        "web-1": podcpu.Reading(12.0, 1765000012.0),
        "web-2": podcpu.Reading(4.0, 1765000011.0),
    }


def test_a_counter_without_its_time_is_refused():
    text = 'container_cpu_usage_seconds_total{container="app",namespace="lab",pod="web-1"} 3\n'
    with pytest.raises(podcpu.PodCpuError, match="'web-1' has no timestamp"):
        podcpu.parse(text, "lab")


def test_millicores_are_the_cpu_seconds_used_over_the_kubelets_own_times():
    before = {"a": podcpu.Reading(10.0, 100.0), "b": podcpu.Reading(2.0, 100.0)}
    after = {"a": podcpu.Reading(11.4, 120.0), "b": podcpu.Reading(2.5, 110.0)}
    assert podcpu.millicores(before, after) == pytest.approx({"a": 70.0, "b": 50.0})


def test_readings_of_other_pods_are_not_compared():
    before = {"a": podcpu.Reading(1.0, 1.0)}
    with pytest.raises(podcpu.PodCpuError, match=r"\['a'\] -> \['b'\]"):
        podcpu.millicores(before, {"b": podcpu.Reading(2.0, 2.0)})


def test_a_counter_not_read_again_is_refused():
    same = {"a": podcpu.Reading(1.0, 5.0)}
    with pytest.raises(podcpu.PodCpuError, match="did not read pod 'a'"):
        podcpu.millicores(same, same)


def fake_kubectl(monkeypatch, answers):
    """kubectl answering each call with the next (returncode, stdout, stderr)."""
    seen = []

    def run(command, **_):
        seen.append(command)
        returncode, stdout, stderr = answers.pop(0)
        return subprocess.CompletedProcess(command, returncode, stdout, stderr)

    monkeypatch.setattr(podcpu, "run", run)
    monkeypatch.setattr(podcpu.commands, "kubectl", lambda: ["kubectl"])
    return seen


def pods(*names_and_nodes):
    items = [{"metadata": {"name": n}, "spec": {"nodeName": node}} for n, node in names_and_nodes]
    return json.dumps({"items": items})


def test_the_running_pods_are_read_from_the_kubelet_of_their_node(monkeypatch):
    seen = fake_kubectl(
        monkeypatch, [(0, pods(("web-1", "n1"), ("web-2", "n1")), ""), (0, METRICS, "")]
    )
    assert sorted(podcpu.read("lab", "app=web")) == ["web-1", "web-2"]
    assert seen == [
        ["kubectl", "-n", "lab", "get", "pods", "-l", "app=web"]
        + ["--field-selector=status.phase=Running", "-o", "json"],
        ["kubectl", "get", "--raw", "/api/v1/nodes/n1/proxy/metrics/resource"],
    ]


def test_a_running_pod_the_kubelet_does_not_report_is_named(monkeypatch):
    fake_kubectl(monkeypatch, [(0, pods(("web-1", "n1"), ("web-3", "n1")), ""), (0, METRICS, "")])
    with pytest.raises(
        podcpu.PodCpuError, match=r"no container_cpu_usage_seconds_total for \['web-3'\]"
    ):
        podcpu.read("lab", "app=web")


def test_no_running_pod_is_an_error(monkeypatch):
    fake_kubectl(monkeypatch, [(0, pods(), "")])
    with pytest.raises(podcpu.PodCpuError, match="no running pod matches 'app=web'"):
        podcpu.read("lab", "app=web")


def test_a_kubelet_that_does_not_answer_is_an_error_with_its_reason(monkeypatch):
    fake_kubectl(monkeypatch, [(0, pods(("web-1", "n1")), ""), (1, "", "Error from server\n")])
    with pytest.raises(
        podcpu.PodCpuError, match="node n1's kubelet metrics failed: Error from server$"
    ):
        podcpu.read("lab", "app=web")
