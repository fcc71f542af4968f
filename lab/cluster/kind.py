"""The `kind` provider: `kind create cluster` from deploy/kind/cluster.yaml, for people and CI."""

import ipaddress
import json
import shutil
import tempfile
from pathlib import Path

import yaml

from lab import progress, run
from lab.cluster import addons, host
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
from lab.paths import ROOT
from lab.toolchain import versions

CONFIG = ROOT / "deploy" / "kind" / "cluster.yaml"

# Seconds each kind command may take. `create` pulls the node image (about 1 GB) when it is
# missing, boots the node and waits up to 120 s for it; `load` moves an image's archive into
# the node; `delete` stops one container; `get clusters` lists containers.
KIND_TIMEOUTS = {"create": 1200, "load": 600, "delete": 300, "get": 60}


def name() -> str:
    return yaml.safe_load(CONFIG.read_text())["name"]


def context() -> str:
    return f"kind-{name()}"


def kubectl() -> list[str]:
    return ["kubectl", f"--context={context()}"]


def _kind(*args: str, capture: bool = False) -> str:
    if shutil.which("kind") is None:
        raise LabError(
            "'kind' is not on PATH; install it (https://kind.sigs.k8s.io) or use --provider local"
        )
    purpose = f"kind's {args[0]} of the lab's cluster"
    result = run.run(
        ["kind", *args], purpose=purpose, timeout=KIND_TIMEOUTS[args[0]], capture=capture
    )
    return result.stdout if capture else ""


def installed() -> bool:
    return shutil.which("kind") is not None


def available() -> bool:
    """kind is on PATH and its node image is here or a registry serves it (asked for its
    manifest, not pulled: `kind create` pulls it)."""
    image = versions.component("kind")["node_image"]
    return installed() and (image_exists(image) or registry_serves(image))


def is_up() -> bool:
    return installed() and name() in _kind("get", "clusters", capture=True).split()


def has_leftovers() -> bool:
    """kind keeps a cluster in its node containers: one that exists is all `down` removes."""
    return is_up()


def up() -> None:
    """Create the cluster unless it exists (helm/kind-action may have made it), then the add-ons."""
    if is_up():
        progress.say(f"The kind cluster {name()!r} is already up; nothing to create.")
    else:
        _create()
    addons.install(kubectl(), ["metrics-server.yaml"])
    addons.wait_ready(kubectl())
    progress.say(f"The kind cluster is up; kubectl uses context {context()!r}.")


def _create() -> None:
    require_engine()
    if host.port_taken(APP_NODE_PORT):
        raise LabError(
            f"port {APP_NODE_PORT} is taken on this host and kind maps the app's NodePort there; "
            f"stop what listens on it (see '{host.listener_hint(APP_NODE_PORT)}')"
        )
    image = versions.component("kind")["node_image"]
    progress.say(f"Creating the kind cluster {name()!r} ({image})")
    _kind("create", "cluster", f"--config={CONFIG}", f"--image={image}", "--wait=120s")


def reach_load_balancers() -> None:
    """The host reaches a LoadBalancer address over kind's docker network, where MetalLB's
    speaker answers ARP for it: check that the pool lies inside that network."""
    subnets_of = "{{range .IPAM.Config}}{{.Subnet}} {{end}}"
    subnets = docker("network", "inspect", "kind", "--format", subnets_of, capture=True).split()
    networks = [ipaddress.ip_network(subnet) for subnet in subnets]
    pool = addons.metallb_pool("kind")
    if not all(any(block.subnet_of(net) for net in networks if net.version == 4) for block in pool):
        raise LabError(
            f"MetalLB's pool ({' '.join(map(str, pool))}) is outside kind's docker network "
            f"({' '.join(subnets)}); set a free range at the top of that network in "
            "deploy/addons/metallb/kind/ipaddresspool.yaml"
        )


def down() -> None:
    if not is_up():
        progress.say(f"No kind cluster {name()!r}; nothing to do.")
        return
    _kind("delete", "cluster", f"--name={name()}")


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
    """The host address a NodePort answers on: kind maps one port to 127.0.0.1."""
    if port == APP_NODE_PORT:
        return "127.0.0.1"
    out = addons.run(
        kubectl(),
        "get",
        "nodes",
        "-o",
        "jsonpath={.items[0].status.addresses[?(@.type=='InternalIP')].address}",
    )
    return out.strip()
