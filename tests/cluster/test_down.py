"""`lab cluster down` leaves nothing behind (checked on the host), `up` and `down` leave
what is not the cluster's as they found it, and `up` works again after.

Runs last among the cluster tests (see conftest); it starts the cluster again
so that the test groups after it still have one.
"""

import os
import subprocess
from pathlib import Path

from lab.cluster import cgroups, host, kind, kubeconfig, local, netns, processes
from lab.engine import ensure
from lab.toolchain import build
from tests.cluster import decoys
from tests.cluster.clusterlib import LAB, lab


def engine_processes() -> set[str]:
    """The project's Docker engine and what it started (its containerd, docker-proxy): built
    into the same cache, but not the cluster's, and it keeps running after `down`."""
    engine = processes.pid_of("dockerd", ensure.LAYOUT.run_dir)
    parents = {}
    for proc in Path("/proc").iterdir():
        try:
            parents[proc.name] = (proc / "stat").read_text().rsplit(")", 1)[1].split()[1]
        except (OSError, IndexError):
            continue

    def started_by_engine(pid: str) -> bool:
        for _ in range(64):  # a process tree is never this deep
            if pid == str(engine):
                return True
            if pid not in parents:
                return False
            pid = parents[pid]
        return False

    return {pid for pid in parents if engine is not None and started_by_engine(pid)}


def processes_from(folder: Path) -> list[str]:
    """Processes whose program lives under FOLDER (our built binaries), but kubectl, which
    anyone may be running, and the project's Docker engine."""
    found = []
    engine = engine_processes()
    for proc in Path("/proc").iterdir():
        if proc.name in engine:
            continue
        try:
            exe = (proc / "exe").resolve()
        except OSError:
            continue
        if str(exe).startswith(f"{folder}/") and proc.name.isdigit() and exe.name != "kubectl":
            found.append(f"{proc.name} {exe.name}")
    return found


def processes_in_images() -> list[str]:
    """Programs our images run (etcd, kube-apiserver, coredns, ...) still alive on the host."""
    names = {
        "etcd",
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "kube-proxy",
        "coredns",
        "metrics-server",
        "local-path-provisioner",
        "pause",
        "kubelet",
    }
    found = []
    for proc in Path("/proc").iterdir():
        try:
            comm = (proc / "comm").read_text().strip()
        except OSError:
            continue
        if comm in {name[:15] for name in names}:  # the kernel keeps 15 characters
            found.append(f"{proc.name} {comm}")
    return found


def forwards_to_node() -> list[str]:
    """Processes that still forward to the node's address (the app's port on loopback)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(
            arg.decode(errors="replace").endswith(f"{netns.NODE_IP}:{local.APP_NODE_PORT}")
            for arg in argv
        ):
            found.append(f"{proc.name} {argv[0].decode(errors='replace')}")
    return found


def iptables_leftovers() -> list[str]:
    found = []
    for program in ("iptables", "ip6tables"):
        for table in ("filter", "nat", "mangle"):
            rules = subprocess.run(
                [program, "-w", "-t", table, "-S"], capture_output=True, text=True, check=True
            ).stdout
            found += [
                f"{program} {table}: {line}"
                for line in rules.splitlines()
                if ("KUBE-" in line or "CNI-" in line or "taskapp-lab" in line)
                and "DECOY" not in line
            ]
    return found


def local_leftovers() -> list[str]:
    left = processes_from(build.cache()) + processes_in_images() + iptables_leftovers()
    left += forwards_to_node()
    left += [f"file {p}" for p in (local.RUN, *local.KUBEADM_PATHS) if p.exists()]
    # The state directory may keep containerd's image store, and nothing else.
    if local.state().exists():
        left += [f"file {p}" for p in local.state().iterdir() if p != local.image_store()]
    mounts = Path("/proc/self/mountinfo").read_text()
    left += [
        f"mount {line.split()[4]}"
        for line in mounts.splitlines()
        if any(s in line.split()[4] for s in ("/var/lib/kubelet", "taskapp-lab"))
    ]
    links = subprocess.run(
        ["ip", "-o", "link", "show"], capture_output=True, text=True, check=True
    ).stdout
    ours = (local.BRIDGE, netns.HOST_LINK)
    left += [
        f"link {line.split(':')[1].strip()}"
        for line in links.splitlines()
        if any(name in line for name in ours)
    ]
    left += [f"network namespace {netns.PATH}"] if netns.PATH.exists() else []
    left += [f"cgroup {p}" for p in cgroups.existing()]
    left += [f"kubeconfig context {local.CONTEXT}"] if kubeconfig.has(local.CONTEXT) else []
    left += [
        f"pod log link {p}"
        for p in Path("/var/log/containers").glob("*")
        if p.is_symlink() and str(local.state()) in str(p.readlink())
    ]
    return left


def kind_leftovers() -> list[str]:
    containers = subprocess.run(
        ["docker", "ps", "-a", "--format", "{{.Names}}"], capture_output=True, text=True, check=True
    ).stdout.split()
    left = [f"container {c}" for c in containers if c.startswith(f"{kind.name()}-")]
    return left + ([f"cluster {kind.name()}"] if kind.is_up() else [])


def test_down_leaves_nothing_behind_and_up_works_again(cluster, tmp_path):
    lab("cluster", "down")
    left = local_leftovers() if cluster == "local" else kind_leftovers()
    assert left == []
    second = lab("cluster", "down")
    assert "nothing to do" in second.stderr
    if cluster == "local":  # the provider that shares the host with what is already there
        up_and_down_among_decoys(tmp_path)
    lab("cluster", "up", "--provider", cluster)
    assert lab("cluster", "status").stdout.startswith(f"provider: {cluster}")


def listening() -> set[str]:
    """The host's listening TCP sockets (its own network namespace), as ADDRESS:PORT."""
    out = subprocess.run(["ss", "-Htln"], capture_output=True, text=True, check=True).stdout
    return {line.split()[3] for line in out.splitlines()}


def up_and_down_among_decoys(tmp_path: Path) -> None:
    with decoys.planted(tmp_path) as planted:
        rules, sysctls, sockets = decoys.host_rules(), host.read_sysctls(), listening()
        env = {**os.environ, "KUBECONFIG": str(planted.kubeconfig)}
        subprocess.run([*LAB, "cluster", "up", "--provider", "local"], env=env, check=True)
        assert planted.problems() == []
        assert "current-context: lab-local" in planted.kubeconfig.read_text()
        # The cluster's network is in its namespace: not a rule more on the host, no bridge,
        # and what it listens on here is the app's forward, on loopback only.
        assert decoys.host_rules() == rules
        assert not Path(f"/sys/class/net/{local.BRIDGE}").exists()
        assert listening() - sockets == {f"127.0.0.1:{local.APP_NODE_PORT}"}
        subprocess.run([*LAB, "cluster", "down"], env=env, check=True)
        assert planted.problems() == []
        assert planted.kubeconfig.read_text() == decoys.KUBECONFIG  # "home" current again
        assert decoys.host_rules() == rules
        assert host.read_sysctls() == sysctls
        assert local_leftovers() == []
