"""A crash on Kubernetes: the container's main process, found by the node's containerd,
killed on the node, on either provider."""

import pytest

from lab.cluster import crash
from lab.errors import LabError

ID = "9f" * 32
TASKS = f"""TASK                                                                PID      STATUS
{"1a" * 32}    21665    RUNNING
{ID}    22603    RUNNING
{"2b" * 32}    22426    STOPPED
"""


def node(answers: dict[str, str]):
    """A node that answers `ctr ... task ls` and records every command run on it."""
    calls = []

    def run(argv: list[str]) -> str:
        calls.append(argv)
        return answers.get(argv[-1], "")

    return run, calls


def test_on_kind_the_process_is_found_and_killed_inside_the_node_container():
    run, calls = node({"ls": TASKS})
    assert crash.kill(f"containerd://{ID}", "kind", run) == 22603
    assert calls == [
        ["docker", "exec", "lab-control-plane", "ctr", "-n", "k8s.io", "task", "ls"],
        ["docker", "exec", "lab-control-plane", "kill", "-KILL", "22603"],
    ]


def test_on_local_the_node_is_this_host_and_ctr_talks_to_the_lab_socket():
    run, calls = node({"ls": TASKS})
    assert crash.kill(f"containerd://{ID}", "local", run) == 22603
    listing, killing = calls
    assert listing[0].endswith("/ctr") and listing[1:] == [
        "--address",
        "/run/taskapp-lab/containerd.sock",
        "-n",
        "k8s.io",
        "task",
        "ls",
    ]
    assert killing == ["kill", "-KILL", "22603"]


def test_a_stopped_or_missing_container_is_a_clear_error_and_nothing_is_killed():
    run, calls = node({"ls": TASKS})
    with pytest.raises(LabError, match="no running task for container 2b2b2b"):
        crash.kill(f"containerd://{'2b' * 32}", "local", run)
    with pytest.raises(LabError, match="no running task"):
        crash.kill(f"containerd://{'3c' * 32}", "kind", run)
    assert not any("kill" in call for call in calls)


@pytest.mark.parametrize("status_id", ["", "docker://abc", "containerd://", ID])
def test_an_id_of_another_runtime_or_none_is_refused(status_id):
    with pytest.raises(LabError, match="not a containerd container ID"):
        crash.container_id(status_id)


def test_an_unknown_provider_has_no_node():
    run, calls = node({"ls": TASKS})
    with pytest.raises(LabError, match="unknown provider 'minikube'"):
        crash.kill(f"containerd://{ID}", "minikube", run)
    assert calls == []
