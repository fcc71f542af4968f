"""Start a node image as kind starts its node, and ask it what it runs.

kind runs each node privileged in a cgroup namespace of its own, with tmpfs on /run and
/tmp, /var on a volume and the host's kernel modules read-only (its provider's
provision.go); systemd boots behind kind's entrypoint.
"""

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from lab import run
from lab.docker import docker
from lab.errors import LabError

NODE_ARGS = [
    "--detach",
    "--tty",
    "--privileged",
    "--cgroupns=private",
    "--security-opt=seccomp=unconfined",
    "--security-opt=apparmor=unconfined",
    "--tmpfs=/tmp",
    "--tmpfs=/run",
    "--volume=/var",
    "--volume=/lib/modules:/lib/modules:ro",
]
# systemd brings a node's units up in a few seconds; two shared cores may take a minute.
BOOT_TIMEOUT = 180
# One command inside the node: systemctl or ctr answer at once.
EXEC_TIMEOUT = 30
# States of a booted system: `degraded` is up with some unit failed (kubelet, before kind
# runs kubeadm, restarts until it has a config).
BOOTED = {"running", "degraded"}


def on_node(name: str, *argv: str, check: bool = True) -> run.Completed:
    return run.run(
        ["docker", "exec", name, *argv],
        purpose=f"'{' '.join(argv)}' on the node {name}",
        timeout=EXEC_TIMEOUT,
        check=check,
    )


def system_state(name: str) -> str:
    """`systemctl is-system-running` on the node: initializing, starting, running, ..."""
    return on_node(name, "systemctl", "is-system-running", check=False).stdout.strip()


def wait_booted(name: str) -> str:
    deadline = time.monotonic() + BOOT_TIMEOUT
    state = system_state(name)
    while state not in BOOTED:
        if time.monotonic() > deadline:
            logs = docker("logs", "--tail", "40", name, capture=True)
            failed = on_node(name, "systemctl", "--failed", "--no-pager", check=False).stdout
            raise LabError(
                f"the node {name} did not boot in {BOOT_TIMEOUT} s (state {state!r}):\n"
                f"{failed}\n{logs}"
            )
        time.sleep(1)
        state = system_state(name)
    return state


@contextmanager
def booted(image: str, network: str = "none") -> Iterator[str]:
    """A node of IMAGE, booted to systemd running, on NETWORK; removed with its volume
    after. Yields its container's name."""
    name = f"lab-kindnode-{uuid.uuid4().hex[:8]}"
    try:
        docker("run", *NODE_ARGS, f"--network={network}", f"--name={name}", image, capture=True)
        wait_booted(name)
        yield name
    finally:
        docker("rm", "--force", "--volumes", name, capture=True)


def node_images(name: str) -> list[str]:
    """The names the node's containerd lists in the kubelet's namespace."""
    out = on_node(name, "ctr", "--namespace=k8s.io", "images", "list", "--quiet").stdout
    return out.split()
