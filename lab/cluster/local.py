"""The `local` provider: one node on this host, bootstrapped by kubeadm from our own build.

kubeadm does what it does inside a kind node: certificates, kubeconfigs, static
pods, RBAC, CoreDNS and kube-proxy. What it can't do here is start kubelet (no
systemd), so `up` starts containerd and kubelet itself, with the flags and
config kubeadm writes. Both run in the node's network namespace (lab/cluster/netns.py),
and so does every pod. Everything else stays in its state folder and RUN, apart from the
paths kubeadm fixes (/etc/kubernetes, /var/lib/kubelet): `up` refuses to start when one
is there already (another kubeadm node's) and records that it made them, and `down`
removes only what that record names.
"""

import json
import os
import shlex
import shutil
import signal
from pathlib import Path
from string import Template

from lab import progress, run
from lab.cluster import (
    addons,
    cgroups,
    host,
    images,
    kubeconfig,
    netns,
    processes,
)
from lab.cluster.provider import APP_NODE_PORT, full_name
from lab.errors import LabError
from lab.paths import ROOT
from lab.toolchain import build, versions

RUN = Path("/run/taskapp-lab")
SOCKET = RUN / "containerd.sock"

# Seconds each command of the local node may take. `kubeadm init` pulls nothing (the images
# are imported first) but waits for the static pods to answer, kubeadm's own limit being
# 4 minutes per phase; `kubeadm reset` stops every pod through the CRI; `ctr` imports an
# image archive of up to a gigabyte, and `docker save` writes it.
KUBEADM_INIT_TIMEOUT = 600
KUBEADM_RESET_TIMEOUT = 300
CTR_TIMEOUT = 600
CONFIGS = ROOT / "deploy" / "local"
KUBEADM_PATHS = [Path("/etc/kubernetes"), Path("/var/lib/kubelet")]
# The file in the state folder where `up` writes which of KUBEADM_PATHS it made, one a line.
KUBEADM_RECORD = "kubeadm-paths"
POD_LOGS = Path("/var/log/containers")
KUBECTL_LINK = Path("/usr/local/bin/kubectl")
CONTEXT = "lab-local"
NODE_NAME = "lab-control-plane"
BRIDGE = "labcni0"  # inside the node's network namespace

# The process that forwards 127.0.0.1:APP_NODE_PORT to the node (its pid file's name).
FORWARDER = "socat"
# Pods and Services take addresses of 198.18.0.0/15 (RFC 2544's benchmarking block, like
# the node's link in netns.py), never of the private ranges a reader's own networks use.
POD_SUBNET = "198.18.64.0/18"
SERVICE_SUBNET = "198.18.128.0/20"
POD_CIDR = "198.18.64.0/24"  # the node's share of POD_SUBNET, which the controller gives it too
CNI_BIN_DIR = "/usr/lib/cni"
# What runs on the host from our build (kubectl, which users run too, is left alone).
DAEMONS = {"containerd", "containerd-shim-runc-v2", "runc", "kubelet"}


def state() -> Path:
    """Where the local node keeps its state: LAB_STATE, else /var/lib/taskapp-lab."""
    return Path(os.environ.get("LAB_STATE", "/var/lib/taskapp-lab"))


def image_store() -> Path:
    """containerd's root: its images outlive the cluster."""
    return state() / "containerd"


def previous_context() -> Path:
    """The kubeconfig context that was current before `up`, which `down` makes current again."""
    return state() / "previous-context"


def host_sysctls() -> Path:
    """The host's sysctls kubelet changes, as they were before `up`; `down` writes them back."""
    return state() / "host-sysctls.json"


def __getattr__(name: str) -> Path:
    """`local.STATE`, as the architecture lab reads it: state(), computed when asked."""
    if name == "STATE":
        return state()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _admin_conf() -> Path:
    return Path("/etc/kubernetes/admin.conf")


def available() -> bool:
    """Always: `up` builds what it needs, and says what this host lacks (_check_host)."""
    return True


def is_up() -> bool:
    return processes.pid_of("kubelet", RUN) is not None


def has_leftovers() -> bool:
    """Anything of a cluster on the host, up or not, apart from the image store `down` keeps."""
    return (
        bool(_state_to_remove())
        or RUN.exists()
        or any(p.exists() for p in _kubeadm_paths_of_ours())
        or bool(cgroups.existing())
        or netns.exists()
        or bool(_our_processes())
    )


def _state_to_remove() -> list[Path]:
    """The state folder but the image store, which `down` keeps so that the next `up` imports
    nothing."""
    return [p for p in state().iterdir() if p != image_store()] if state().exists() else []


def _kubeadm_paths_of_ours() -> list[Path]:
    """The KUBEADM_PATHS that `up` recorded it made: all of them `down` may remove."""
    record = state() / KUBEADM_RECORD
    recorded = set(record.read_text().splitlines()) if record.exists() else set()
    return [path for path in KUBEADM_PATHS if str(path) in recorded]


def _record_kubeadm_paths() -> None:
    """Before kubeadm makes them: KUBEADM_PATHS are ours (_check_host saw none of them)."""
    (state() / KUBEADM_RECORD).write_text("".join(f"{path}\n" for path in KUBEADM_PATHS))


def _foreign_kubeadm_paths() -> list[Path]:
    """KUBEADM_PATHS that exist and are not ours: another kubeadm node's, never touched."""
    ours = _kubeadm_paths_of_ours()
    return [path for path in KUBEADM_PATHS if path.exists() and path not in ours]


def _check_host() -> None:
    foreign = _foreign_kubeadm_paths()
    if foreign:
        raise LabError(
            f"{foreign[0]} exists and is not the local cluster's (another kubeadm node on this "
            "host?); the local cluster needs it free and leaves it alone: remove it yourself "
            "if it is a leftover"
        )
    if os.geteuid() != 0:
        raise LabError("the local cluster runs kubelet on this host and needs root; run as root")
    missing = [p for p in (f"{CNI_BIN_DIR}/bridge",) if not Path(p).exists()]
    tools = ("iptables", "conntrack", "ip", "nsenter", "socat")
    missing += [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        raise LabError(
            f"{missing[0]!r} is missing; install it with 'apt-get install -y "
            "containernetworking-plugins conntrack iptables iproute2 util-linux socat'"
        )
    taken = netns.network_taken()
    if taken:
        raise LabError(
            f"the node's addresses ({netns.NETWORK}) are already routed on this host "
            f"('{taken}'); the local cluster needs them free"
        )
    if host.port_taken(APP_NODE_PORT):
        raise LabError(
            f"port {APP_NODE_PORT} is taken on this host, where the app's NodePort is "
            f"forwarded; stop what listens there (see '{host.listener_hint(APP_NODE_PORT)}')"
        )


def _fill(name: str, dest: Path, **values: str) -> Path:
    text = Template((CONFIGS / name).read_text()).substitute(values)
    dest.write_text(text)
    return dest


def _values(bins: dict[str, Path]) -> dict[str, str]:
    etcd_tag = versions.component("etcd")["image"].rsplit(":", 1)[1]
    coredns_tag = versions.component("coredns")["image"].rsplit(":", 1)[1]
    return {
        "state": str(state()),
        "run": str(RUN),
        "containerd_socket": str(SOCKET),
        "pause_image": versions.component("pause")["image"],
        "cni_bin_dir": CNI_BIN_DIR,
        "runc": str(bins["runc"] / "runc"),
        "bridge": BRIDGE,
        "pod_subnet": POD_SUBNET,
        "service_subnet": SERVICE_SUBNET,
        "pod_cidr": POD_CIDR,
        "node_ip": netns.NODE_IP,
        "node_name": NODE_NAME,
        "kubernetes_version": versions.kubernetes(),
        "etcd_tag": etcd_tag,
        "coredns_tag": coredns_tag,
    }


def _env(bins: dict[str, Path]) -> dict[str, str]:
    """The environment for our binaries: they find each other first on PATH."""
    first = ":".join(str(folder) for folder in bins.values())
    return {**os.environ, "PATH": f"{first}:{os.environ['PATH']}"}


def _start_containerd(bins: dict[str, Path], values: dict[str, str]) -> None:
    config = _fill("containerd.toml", state() / "containerd.toml", **values)
    argv = [*netns.enter(), str(bins["containerd"] / "containerd"), "--config", str(config)]
    processes.start("containerd", argv, RUN, state() / "logs", _env(bins))
    processes.wait_for(
        "containerd's socket", SOCKET.exists, 30, state() / "logs" / "containerd.log"
    )


def on_node() -> list[str]:
    return []  # the node is this host


def node_ctr() -> list[str]:
    return _ctr(_bins())


def _ctr(bins: dict[str, Path]) -> list[str]:
    return [str(bins["containerd"] / "ctr"), "--address", str(SOCKET), "-n", "k8s.io"]


def ctr(bins: dict[str, Path], *args: str, capture: bool = True) -> str:
    argv = [*_ctr(bins), *args]
    purpose = "a step on the local node's containerd"
    return run.run(argv, purpose=purpose, timeout=CTR_TIMEOUT).stdout


def _import_images(bins: dict[str, Path], wanted: dict[str, Path]) -> None:
    """Import the images (tag -> tarball) that containerd's store doesn't hold yet."""
    present = set(ctr(bins, "images", "ls", "--quiet").split())
    missing = [tarball for tag, tarball in wanted.items() if tag not in present]
    if not missing:
        return
    with progress.step(f"Importing {len(missing)} images into the cluster's containerd"):
        for tarball in missing:
            ctr(bins, "images", "import", str(tarball))


def _kubelet_argv(bins: dict[str, Path]) -> list[str] | None:
    """kubelet's command line as kubeadm's systemd drop-in would give it, once kubeadm wrote it."""
    flags_env = Path("/var/lib/kubelet/kubeadm-flags.env")
    config = Path("/var/lib/kubelet/config.yaml")
    kubeconfig_ = Path("/etc/kubernetes/kubelet.conf")
    bootstrap = Path("/etc/kubernetes/bootstrap-kubelet.conf")
    if not (
        flags_env.exists() and config.exists() and (kubeconfig_.exists() or bootstrap.exists())
    ):
        return None
    extra = shlex.split(flags_env.read_text().split("=", 1)[1].strip().strip('"'))
    return [
        *netns.enter(),
        str(bins["kubernetes"] / "kubelet"),
        f"--bootstrap-kubeconfig={bootstrap}",
        f"--kubeconfig={kubeconfig_}",
        f"--config={config}",
        *extra,
    ]


def _kubeadm_init(bins: dict[str, Path], values: dict[str, str]) -> None:
    config = _fill("kubeadm.yaml", state() / "kubeadm.yaml", **values)
    log_path = state() / "logs" / "kubeadm-init.log"
    with progress.step("Bootstrapping the node with kubeadm init"):
        with open(log_path, "w") as log:
            kubeadm = run.start(
                [
                    *netns.enter(),
                    str(bins["kubernetes"] / "kubeadm"),
                    "init",
                    f"--config={config}",
                    "--v=1",
                ],
                purpose=f"bootstrapping the local node (log: {log_path})",
                timeout=KUBEADM_INIT_TIMEOUT,
                stdout=log,
                stderr=run.STDOUT,
                stdin=run.DEVNULL,
                env=_env(bins),  # kubeadm checks `kubelet --version`
            )

        # kubeadm writes kubelet's files, then waits for the static pods kubelet starts.
        def kubelet_argv_or_exit():
            return "exited" if kubeadm.poll() is not None else _kubelet_argv(bins)

        argv = processes.wait_for(
            "kubeadm to write kubelet's configuration", kubelet_argv_or_exit, 120, log_path
        )
        if argv != "exited":
            processes.start("kubelet", argv, RUN, state() / "logs")
        if kubeadm.finish(log_path.read_text) != 0:
            tail = "\n".join(log_path.read_text().splitlines()[-15:])
            raise LabError(f"kubeadm init failed (full log: {log_path}):\n{tail}")


def kubectl() -> list[str]:
    """Our kubectl, as the cluster's admin."""
    return [str(_bins()["kubernetes"] / "kubectl"), f"--kubeconfig={_admin_conf()}"]


def _link_kubectl(bins: dict[str, Path]) -> None:
    """Put our kubectl on PATH unless there is one. It stays after `down`: a tool, not
    cluster state (`kubectl kustomize` needs no cluster)."""
    if not KUBECTL_LINK.exists() and not KUBECTL_LINK.is_symlink():
        KUBECTL_LINK.symlink_to(bins["kubernetes"] / "kubectl")


def up() -> None:
    if is_up():
        progress.say(f"The local cluster is already up (context {CONTEXT!r}); nothing to do.")
        return
    if has_leftovers():
        progress.say("A previous local cluster left things behind (its host restarted?)")
        down()
    _check_host()
    bins = build.build_all()
    tarballs = images.build_images(bins)
    progress.say(f"Creating the local cluster {NODE_NAME!r} (Kubernetes {versions.kubernetes()})")
    for folder in (state() / "logs", state() / "cni" / "net.d", RUN):
        folder.mkdir(parents=True, exist_ok=True)
    values = _values(bins)
    _record_kubeadm_paths()
    netns.create(SERVICE_SUBNET)
    _start_containerd(bins, values)
    _import_images(bins, tarballs)
    _fill("cni.conflist", state() / "cni" / "net.d" / "10-lab.conflist", **values)
    cgroups.create()  # kubelet's cgroupRoot (deploy/local/kubeadm.yaml) must exist
    if not host_sysctls().exists():
        host_sysctls().write_text(json.dumps(host.read_sysctls()))
    _kubeadm_init(bins, values)
    _forward_app_port()
    previous_context().write_text(kubeconfig.install(_admin_conf(), CONTEXT))
    _link_kubectl(bins)
    # One node does all the work, as on kind: it must accept ordinary pods.
    addons.run(kubectl(), "taint", "node", NODE_NAME, "node-role.kubernetes.io/control-plane-")
    addons.install(kubectl(), ["local-path-storage.yaml", "metrics-server.yaml"])
    addons.wait_ready(kubectl())
    progress.say(f"The local cluster is up; kubectl uses context {CONTEXT!r}.")


def down() -> None:
    if not has_leftovers():
        progress.say("No local cluster is up; nothing to do.")
        return
    bins = _bins()
    previous = previous_context().read_text().strip() if previous_context().exists() else ""
    kubeadm_paths = _kubeadm_paths_of_ours()
    with progress.step("Deleting the local cluster"):
        processes.stop(FORWARDER, RUN)
        processes.stop("kubelet", RUN)
        if processes.pid_of("containerd", RUN) is not None and netns.PATH.exists():
            _remove_pods(bins)
        processes.stop("containerd", RUN)
        _kill_leftovers()
        netns.delete()  # with it go the bridge, the veths and every iptables rule of the node
        host.unmount_under(state(), RUN, *kubeadm_paths)
        _remove_pod_log_links()
        cgroups.remove()  # what still holds a process, the leftover check reports
        if host_sysctls().exists():
            host.write_sysctls(json.loads(host_sysctls().read_text()))
        for path in (*kubeadm_paths, RUN, *_state_to_remove()):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        kubeconfig.remove(CONTEXT, restore=previous)


def _remove_pods(bins: dict[str, Path]) -> None:
    """Stop and remove every pod sandbox through kubeadm reset (CRI), which runs CNI DEL."""
    argv = [
        *netns.enter(),
        str(bins["kubernetes"] / "kubeadm"),
        "reset",
        "--force",
        f"--cri-socket=unix://{SOCKET}",
    ]
    with open(state() / "logs" / "kubeadm-reset.log", "w") as log:
        purpose = "stopping and removing the local node's pods"
        run.run(
            argv,
            purpose=purpose,
            timeout=KUBEADM_RESET_TIMEOUT,
            check=False,
            stdout=log,
            stderr=run.STDOUT,
        )


def _our_processes() -> list[int]:
    """Processes of our binaries (containerd, its shims, kubelet) and of our cgroup subtree,
    where every pod runs; never a process of another kubelet's /kubepods."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            exe = str((proc / "exe").resolve())
            in_subtree = cgroups.in_subtree((proc / "cgroup").read_text())
        except OSError:
            continue
        ours = exe.startswith(f"{build.cache()}/") and Path(exe).name in DAEMONS
        if ours or in_subtree:
            found.append(int(proc.name))
    return found


def _kill_leftovers() -> None:
    """containerd's shims and the pods' processes outlive containerd: end them."""
    for pid in _our_processes():
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    processes.wait_for("the cluster's processes to end", lambda: not _our_processes(), 30)


def _remove_pod_log_links() -> None:
    """kubelet links each container's log from /var/log/containers into our pod-logs."""
    if POD_LOGS.exists():
        for link in POD_LOGS.iterdir():
            if link.is_symlink() and str(link.readlink()).startswith(f"{state()}/"):
                link.unlink()


def _bins() -> dict[str, Path]:
    return {
        "kubernetes": build.bin_dir("kubernetes", versions.kubernetes()),
        "containerd": build.bin_dir("containerd", versions.component("containerd")["version"]),
    }


def _loaded_config_digest(bins: dict[str, Path], image: str) -> str | None:
    """The image ID (config digest) under IMAGE's name in our containerd, if it is there."""
    listed = ctr(bins, "images", "ls", "--quiet", f"name=={full_name(image)}").split()
    if not listed:
        return None
    out = ctr(bins, "images", "ls", f"name=={full_name(image)}").splitlines()[1].split()
    manifest = json.loads(ctr(bins, "content", "get", out[2]))
    if "manifests" in manifest:  # an index: its first manifest
        manifest = json.loads(ctr(bins, "content", "get", manifest["manifests"][0]["digest"]))
    return manifest["config"]["digest"]


def loaded_id(image: str) -> str | None:
    """The config digest of the image IMAGE names in the cluster's containerd, if it is there."""
    return _loaded_config_digest(_bins(), image)


def load(image: str) -> None:
    bins = _bins()
    purpose = f"loading {image} into the local node"
    save = run.start(
        ["docker", "save", image], purpose=purpose, timeout=CTR_TIMEOUT, stdout=run.PIPE
    )
    argv = _ctr(bins)
    try:
        run.run(
            [*argv, "images", "import", "-"],
            purpose=purpose,
            timeout=CTR_TIMEOUT,
            stdin=save.stdout,
        )
    finally:
        save.stdout.close()
    if save.finish() != 0:
        raise save.failed()


def unload(image: str) -> None:
    ctr(_bins(), "images", "rm", "--sync", full_name(image))


def image_labels() -> dict[str, dict[str, str]]:
    """{name: the labels in its config} of every image in the cluster's containerd."""
    bins = _bins()
    found = {}
    for name in ctr(bins, "images", "ls", "--quiet").split():
        if name.startswith("sha256:"):
            continue  # the same image under its ID
        digest = _loaded_config_digest(bins, name)
        config = json.loads(ctr(bins, "content", "get", digest)) if digest else {}
        found[name] = (config.get("config") or {}).get("Labels") or {}
    return found


def _forward_app_port() -> None:
    """127.0.0.1:30080 on the host forwards to the app's NodePort on the node, as kind's port
    mapping does: bound to loopback, so no other machine reaches it."""
    listen = f"TCP-LISTEN:{APP_NODE_PORT},bind=127.0.0.1,reuseaddr,fork"
    argv = ["socat", listen, f"TCP:{netns.NODE_IP}:{APP_NODE_PORT}"]
    processes.start(FORWARDER, argv, RUN, state() / "logs")
    processes.wait_for(
        f"the forward on 127.0.0.1:{APP_NODE_PORT}",
        lambda: host.port_taken(APP_NODE_PORT),
        10,
        state() / "logs" / f"{FORWARDER}.log",
    )


def node_address(port: int) -> str:
    """NodePorts answer on the node's address, reached over the veth pair; the app's fixed
    one on 127.0.0.1 too, where the host forwards it, as on kind."""
    return "127.0.0.1" if port == APP_NODE_PORT else netns.NODE_IP


def reach_load_balancers() -> None:
    """MetalLB's pool routed from the host to the node (the routes go with the namespace)."""
    for block in addons.metallb_pool("local"):
        netns.route_to_node(str(block))
