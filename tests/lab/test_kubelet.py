"""Reading a kubelet's configuration: Go durations, and what a node answers."""

import subprocess

import pytest

from lab import kubelet


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1m0s", 60.0),
        ("20s", 20.0),
        ("1m30.5s", 90.5),
        ("2h0m0s", 7200.0),
        ("500ms", 0.5),
        ("0s", 0.0),
        ("0", 0.0),
    ],
)
def test_a_go_duration_is_read_in_seconds(text, expected):
    assert kubelet.seconds(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "60", "1 m", "1m0", "m", "1d", "-1m0s", "1m0sx"])
def test_what_is_not_a_go_duration_is_refused_with_the_value(text):
    with pytest.raises(kubelet.KubeletError, match=f"{text!r} is not a duration"):
        kubelet.seconds(text)


def fake_kubectl(monkeypatch, stdout="", returncode=0, stderr=""):
    seen = []

    def run(command, **_):
        seen.append(command)
        return subprocess.CompletedProcess(command, returncode, stdout, stderr)

    monkeypatch.setattr(kubelet, "run", run)
    monkeypatch.setattr(kubelet.commands, "kubectl", lambda: ["kubectl"])
    return seen


def test_the_configuration_is_the_kubelets_configz(monkeypatch):
    answer = '{"kubeletconfig": {"syncFrequency": "1m0s"}}'
    seen = fake_kubectl(monkeypatch, stdout=answer)
    assert kubelet.config("node-1") == {"syncFrequency": "1m0s"}
    assert seen == [["kubectl", "get", "--raw", "/api/v1/nodes/node-1/proxy/configz"]]


def test_a_node_that_does_not_answer_is_named(monkeypatch):
    fake_kubectl(monkeypatch, returncode=1, stderr='Error from server (NotFound): nodes "x"')
    with pytest.raises(kubelet.KubeletError, match="node 'x'.*NotFound"):
        kubelet.config("x")


def test_an_answer_without_a_configuration_is_refused(monkeypatch):
    fake_kubectl(monkeypatch, stdout='{"kind": "Status"}')
    with pytest.raises(kubelet.KubeletError, match="no kubeletconfig"):
        kubelet.config("node-1")
