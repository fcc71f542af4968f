"""Crash a pod's container the way a bug would: SIGKILL its main process on the node.

Deleting a pod is no crash: the API server marks it terminating, the pod leaves the
Service's endpoints, its preStop hook runs, and only then is it sent SIGTERM. A crash is
the process dying under the kubelet, which restarts the container in the same pod.

The node's containerd knows the container by the ID the pod's status gives
(`containerd://ID`), and its client `ctr` lists the container's main process with its PID
as the node sees it. `ctr` is on both providers' nodes: in a kind node's container image,
and in the local provider's containerd build, whose node is this host.
"""

from collections.abc import Callable

from lab.cluster import commands
from lab.errors import LabError
from lab.run import run as run_command

Run = Callable[[list[str]], str]


def container_id(status_id: str) -> str:
    """The runtime's ID in a pod status's containerID (`containerd://ID`)."""
    runtime, _, found = status_id.partition("://")
    if runtime != "containerd" or not found:
        raise LabError(f"not a containerd container ID: {status_id!r}")
    return found


def main_pid(tasks: str, container: str) -> int:
    """The PID of CONTAINER's running main process in `ctr task ls` output."""
    for line in tasks.splitlines()[1:]:  # TASK PID STATUS
        fields = line.split()
        if len(fields) == 3 and fields[0] == container and fields[2] == "RUNNING":
            return int(fields[1])
    raise LabError(f"no running task for container {container[:12]} on the node")


def _run(argv: list[str]) -> str:
    # ctr and kill answer at once; 30 s covers a node container slow to take a docker exec.
    return run_command(argv, purpose="crashing a container on the node", timeout=30).stdout


def kill(status_id: str, provider: str | None = None, run: Run = _run) -> int:
    """SIGKILL the main process of the container whose pod status says STATUS_ID, on the
    node of PROVIDER (the running cluster's by default); return the PID it had there."""
    provider = provider or commands.running()
    if provider is None:
        raise LabError("no cluster is up; start one with 'lab cluster up'")
    node = commands.named(provider)
    container = container_id(status_id)
    pid = main_pid(run([*node.node_ctr(), "task", "ls"]), container)
    run([*node.on_node(), "kill", "-KILL", str(pid)])
    return pid
