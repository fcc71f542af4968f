"""The `kind` provider: `kind create cluster` from deploy/kind/cluster.yaml, for people and CI.

Where the pinned kindest/node can't be pulled, the node image is the project's look-alike
(lab.kindnode), which has no kindnetd: each node then gets a ptp CNI config. The nodes join
the project's own docker network (lab.cluster.kindnet), never kind's `kind` network.
"""

import ipaddress
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from lab import progress, run
from lab.cluster import addons, host, kindconfig, kindnet
from lab.cluster.provider import APP_NODE_PORT, full_name
from lab.docker import (
    containerd_store,
    docker,
    image_exists,
    image_info,
    registry_serves,
    require_engine,
    save_platform,
)
from lab.errors import LabError
from lab.kindnode import image as look_alike
from lab.paths import ROOT
from lab.toolchain import build, versions

CONFIG = ROOT / "deploy" / "kind" / "cluster.yaml"
# LAB_KIND_CLUSTER names a cluster other than the lab's own (a test's, beside it): it maps
# no port to the host, and KUBECONFIG says where its context goes, as kind and kubectl read.
NAME_VARIABLE = "LAB_KIND_CLUSTER"
CNI_CONFIG = "/etc/cni/net.d/10-lab-ptp.conflist"
# Seconds the controller-manager may take to give every node its share of the pod subnet.
POD_CIDR_TIMEOUT = 60

# Seconds each kind command may take. `create` pulls the node image (about 1 GB) when it is
# missing, boots the node and waits up to 120 s for it; `load` moves an image's archive into
# the node; `delete` stops one container; `get clusters` lists containers.
KIND_TIMEOUTS = {"create": 1200, "load": 600, "delete": 300, "get": 60}


def _config() -> dict:
    return yaml.safe_load(CONFIG.read_text())


def name() -> str:
    return os.environ.get(NAME_VARIABLE) or _config()["name"]


def _own() -> bool:
    """The lab's own cluster, which maps the app's NodePort to the host."""
    return name() == _config()["name"]


def context() -> str:
    return f"kind-{name()}"


def kubectl() -> list[str]:
    return ["kubectl", f"--context={context()}"]


def _binary() -> str | None:
    """kind on PATH, else the one `python -m lab.kindnode build` built at the pinned version."""
    built = build.bin_dir("kind", versions.component("kind")["version"]) / "kind"
    return shutil.which("kind") or (str(built) if built.exists() else None)


def _kind(*args: str, capture: bool = False, env: dict[str, str] | None = None) -> str:
    binary = _binary()
    if binary is None:
        raise LabError(
            "'kind' is not on PATH; install it (https://kind.sigs.k8s.io) or use --provider local"
        )
    purpose = f"kind's {args[0]} of the lab's cluster"
    result = run.run(
        [binary, *args],
        purpose=purpose,
        timeout=KIND_TIMEOUTS[args[0]],
        capture=capture,
        env={**os.environ, **(env or {})},
    )
    return result.stdout if capture else ""


def installed() -> bool:
    return _binary() is not None


def available() -> bool:
    """kind is on PATH and its node image is here or a registry serves it (asked for its
    manifest, not pulled: `kind create` pulls it)."""
    image = versions.component("kind")["node_image"]
    return installed() and (image_exists(image) or registry_serves(image))


def is_up() -> bool:
    return installed() and name() in _kind("get", "clusters", capture=True).split()


def has_leftovers() -> bool:
    """kind keeps a cluster in its node containers; the project's network may outlive them."""
    return is_up() or (installed() and kindnet.exists())


def up() -> None:
    """Create the cluster unless it exists (helm/kind-action may have made it), then the add-ons."""
    if is_up():
        progress.say(f"The kind cluster {name()!r} is already up; nothing to create.")
    else:
        _create()
    addons.install(kubectl(), ["metrics-server.yaml"])
    addons.wait_ready(kubectl())
    progress.say(f"The kind cluster is up; kubectl uses context {context()!r}.")


def node_image() -> str:
    """The pinned kindest/node where it is here or a registry serves it, else the look-alike
    (built once per set of versions)."""
    official = versions.component("kind")["node_image"]
    if image_exists(official) or registry_serves(official):
        return official
    progress.say(
        f"{official.split('@')[0]} can't be pulled here: using the look-alike "
        f"{look_alike.tag()} (built by 'python -m lab.kindnode build')"
    )
    return look_alike.provide()


def _create() -> None:
    require_engine()
    if _own() and host.port_taken(APP_NODE_PORT):
        raise LabError(
            f"port {APP_NODE_PORT} is taken on this host and kind maps the app's NodePort there; "
            f"stop what listens on it (see '{host.listener_hint(APP_NODE_PORT)}')"
        )
    image = node_image()
    official = image == versions.component("kind")["node_image"]
    config = kindconfig.render(
        _config(),
        name=name(),
        host=kindconfig.this_host(),
        look_alike=not official,
        app_port=_own(),
    )
    network = kindnet.ensure()
    progress.say(f"Creating the kind cluster {name()!r} ({image}) on the network {network!r}")
    # kindnetd makes the node Ready within kind's wait; without it the node waits for the
    # CNI config written below.
    wait = ["--wait=120s"] if official else []
    with tempfile.TemporaryDirectory(prefix="lab-kind-") as tmp:
        path = Path(tmp) / "cluster.yaml"
        path.write_text(yaml.safe_dump(config, sort_keys=False))
        create = ["create", "cluster", f"--config={path}", f"--image={image}", *wait]
        _kind(*create, env={"KIND_EXPERIMENTAL_DOCKER_NETWORK": network})
    if not official:
        _write_cni_configs()


def _pod_cidrs() -> dict[str, str]:
    """{node: its share of the pod subnet}, once the controller-manager has given every one."""
    jsonpath = '{range .items[*]}{.metadata.name}={.spec.podCIDR}{" "}{end}'
    deadline = time.monotonic() + POD_CIDR_TIMEOUT
    while True:
        lines = addons.run(kubectl(), "get", "nodes", "-o", f"jsonpath={jsonpath}").split()
        cidrs = dict(line.split("=", 1) for line in lines)
        if cidrs and all(cidrs.values()):
            return cidrs
        if time.monotonic() > deadline:
            raise LabError(f"no pod subnet for every node after {POD_CIDR_TIMEOUT} s: {cidrs}")
        time.sleep(1)


def _write_cni_configs() -> None:
    """Each node's ptp config from its pod CIDR, with the CNI plugins the node image holds.
    kind names a node's container after the node."""
    for node, cidr in _pod_cidrs().items():
        conflist = json.dumps(kindnet.ptp_conflist(cidr)).encode()
        docker("exec", "-i", node, "cp", "/dev/stdin", CNI_CONFIG, input=conflist, capture=True)


def reach_load_balancers() -> None:
    """The host reaches a LoadBalancer address over the project's docker network, where
    MetalLB's speaker answers ARP for it: check that the pool is the one derived from that
    network (its upper half, where docker gives no node an address)."""
    network = kindnet.subnet()
    first, last = (ipaddress.ip_address(end) for end in kindnet.pool(network).split("-"))
    wanted = list(ipaddress.summarize_address_range(first, last))
    pool = addons.metallb_pool("kind")
    if pool != wanted:
        raise LabError(
            f"MetalLB's pool ({' '.join(map(str, pool))}) is not the top of the network "
            f"{kindnet.NETWORK!r} ({network}): set {kindnet.pool(network)} in "
            "deploy/addons/metallb/kind/ipaddresspool.yaml"
        )


def down() -> None:
    if not is_up():
        progress.say(f"No kind cluster {name()!r}; nothing to do.")
    else:
        _kind("delete", "cluster", f"--name={name()}")
    kindnet.remove()


def _node() -> str:
    """The node's container: kind names it CLUSTER-control-plane."""
    return f"{name()}-control-plane"


def on_node() -> list[str]:
    return ["docker", "exec", _node()]


def node_ctr() -> list[str]:
    return [*on_node(), "ctr", "-n", "k8s.io"]  # the node's containerd, at its default socket


def _crictl(*args: str) -> str:
    """crictl inside the node, which talks to the node's containerd."""
    return docker("exec", _node(), "crictl", *args, capture=True)


def loaded_id(image: str) -> str | None:
    """The config digest (containerd's image ID) of the image IMAGE names on the node, if it
    is there. containerd lists every image whatever name crictl passes: pick by name here."""
    wanted = full_name(image)
    for entry in json.loads(_crictl("images", "-o", "json"))["images"]:
        names = [entry["id"], *(entry.get("repoTags") or []), *(entry.get("repoDigests") or [])]
        if wanted in names:
            return entry["id"]
    return None


def load(image: str) -> None:
    """`kind load docker-image` imports every platform `docker save` names; from Docker's
    containerd image store that fails on a pulled multi-platform image, whose other
    platforms were never pulled (kind issues #3795, #4066): there, save this platform only."""
    info = image_info(image)
    if not containerd_store(info):
        _kind("load", "docker-image", f"--name={name()}", image, capture=True)
        return
    with tempfile.TemporaryDirectory(prefix="lab-kind-load-") as tmp:
        archive = save_platform(image, info, Path(tmp) / "image.tar")
        _kind("load", "image-archive", f"--name={name()}", str(archive), capture=True)


def unload(image: str) -> None:
    _crictl("rmi", image)


def image_labels() -> dict[str, dict[str, str]]:
    """{name: the labels in its config} of every image on the node."""
    found = {}
    for entry in json.loads(_crictl("images", "-o", "json"))["images"]:
        info = json.loads(_crictl("inspecti", "-o", "json", entry["id"]))
        labels = info.get("info", {}).get("imageSpec", {}).get("config", {}).get("Labels") or {}
        for tag in entry.get("repoTags") or []:
            found[tag] = labels
    return found


def node_address(port: int) -> str:
    """The host address a NodePort answers on: kind maps one port to 127.0.0.1 (on the
    lab's own cluster), every NodePort answers on the node's address."""
    if port == APP_NODE_PORT and _own():
        return "127.0.0.1"
    out = addons.run(
        kubectl(),
        "get",
        "nodes",
        "-o",
        "jsonpath={.items[0].status.addresses[?(@.type=='InternalIP')].address}",
    )
    return out.strip()
