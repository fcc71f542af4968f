"""kind's cluster config for this host: deploy/kind/cluster.yaml, plus only the settings
this host and the node image call for, each explained where it is added below."""

import copy
from dataclasses import dataclass
from pathlib import Path

from lab.cluster import cgroups
from lab.errors import LabError

# The bit of CAP_SYS_RESOURCE in a capability set (linux/capability.h).
CAP_SYS_RESOURCE = 24
STATUS = Path("/proc/self/status")

# kubelet refuses to start on cgroup v1 since Kubernetes 1.35 unless told it may: on a host
# with v1 only (or the hybrid layout, which kubelet counts as v1), say it may.
KUBELET_ON_CGROUP_V1 = """\
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
"""

# A privileged node container holds the capabilities of the engine that started it. Without
# CAP_SYS_RESOURCE the node's containerd may not set a container's oom_score_adj below its
# own, and every pod sandbox would fail to start: containerd then keeps the value at least
# its own (its restrict_oom_score_adj setting) instead of failing. kind's node config is
# containerd's version 2 format, hence the section's name.
CONTAINERD_WITHOUT_SYS_RESOURCE = """\
[plugins."io.containerd.grpc.v1.cri"]
  restrict_oom_score_adj = true
"""


@dataclass(frozen=True)
class Host:
    cgroup_v1: bool
    sys_resource: bool  # CAP_SYS_RESOURCE in this process's bounding set


def bounding_set(status: str) -> int:
    """The capability bounding set a /proc/PID/status text gives (its CapBnd line)."""
    for line in status.splitlines():
        key, _, value = line.partition(":")
        if key == "CapBnd":
            return int(value.strip(), 16)
    raise LabError("no CapBnd line in /proc/self/status: can't tell this host's capabilities")


def this_host(cgroup_root: Path = cgroups.ROOT, status: Path = STATUS) -> Host:
    """What this host offers a node: the cgroup layout from /sys, and from /proc whether
    CAP_SYS_RESOURCE is in the bounding set (the engine's, when it runs beside us)."""
    return Host(
        cgroup_v1=not cgroups.unified(cgroup_root),
        sys_resource=bool(bounding_set(status.read_text()) >> CAP_SYS_RESOURCE & 1),
    )


def render(base: dict, *, name: str, host: Host, look_alike: bool, app_port: bool) -> dict:
    """BASE (deploy/kind/cluster.yaml) for the cluster NAME on HOST. LOOK_ALIKE: the node
    image is the project's look-alike, which has no kindnetd. APP_PORT: map the app's
    NodePort to the host (the lab's own cluster; a second one beside it can't)."""
    config = copy.deepcopy(base)
    config["name"] = name
    if not app_port:
        for node in config.get("nodes", []):
            node.pop("extraPortMappings", None)
    if look_alike:
        # kind's default CNI (kindnetd) isn't in the look-alike: the provider writes a ptp
        # config on each node instead, which enforces no NetworkPolicy.
        config.setdefault("networking", {})["disableDefaultCNI"] = True
    if host.cgroup_v1:
        config.setdefault("kubeadmConfigPatches", []).append(KUBELET_ON_CGROUP_V1)
    if not host.sys_resource:
        config.setdefault("containerdConfigPatches", []).append(CONTAINERD_WITHOUT_SYS_RESOURCE)
    return config
