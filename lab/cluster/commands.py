"""`lab cluster up|down|status|url` and `lab images load`, whichever provider runs the cluster."""

import os

from lab import progress
from lab.cluster import addons, kind, local
from lab.cluster import images as image_builds
from lab.cluster.provider import Provider
from lab.docker import config_digest, image_exists, require_engine
from lab.errors import LabError
from lab.toolchain import build, versions

# Every provider, the default first: kind where it can run, else local.
PROVIDERS: dict[str, Provider] = {"kind": kind, "local": local}


def providers() -> dict[str, Provider]:
    """Every provider, or those LAB_PROVIDERS names (comma-separated): a test's cluster of one
    provider then runs beside another provider's, which its commands never see or stop."""
    wanted = os.environ.get("LAB_PROVIDERS")
    return {name: named(name) for name in wanted.split(",")} if wanted else PROVIDERS


def named(name: str) -> Provider:
    if name not in PROVIDERS:
        raise LabError(f"unknown provider {name!r}; choose one of: {', '.join(PROVIDERS)}")
    return PROVIDERS[name]


def default_provider() -> str:
    return next(name for name, provider in providers().items() if provider.available())


def running() -> str | None:
    """The provider whose cluster is up, if any."""
    return next((name for name, provider in providers().items() if provider.is_up()), None)


def up(provider: str | None = None) -> None:
    name = provider or default_provider()
    chosen = named(name)
    other = running()
    if other and other != name:
        raise LabError(
            f"a {other!r} cluster is already up; run 'lab cluster down' before starting {name!r}"
        )
    chosen.up()
    load_addons()


def down() -> None:
    found = [provider for provider in providers().values() if provider.has_leftovers()]
    for provider in found:
        provider.down()
    if not found:
        progress.say("No cluster is up; nothing to do.")


def _running_provider() -> Provider:
    name = running()
    if name is None:
        raise LabError("no cluster is up; start one with 'lab cluster up'")
    return providers()[name]


def kubectl() -> list[str]:
    return _running_provider().kubectl()


def status() -> str:
    name = running()
    if name is None:
        raise LabError("no cluster is up; start one with 'lab cluster up'")
    nodes = addons.run(kubectl(), "get", "nodes", "-o", "wide")
    return f"provider: {name}\n{nodes}"


def load(images: list[str]) -> None:
    """Put local images into the cluster's node; the same lines on every provider."""
    require_engine()
    for image in images:
        if ":" not in image.rsplit("/", 1)[-1] or image.endswith(":latest"):
            raise LabError(
                f"image {image!r} has no version tag; kubelet would try to pull ':latest' "
                "(tag it, e.g. 'taskapp:1.0.0')"
            )
        if not image_exists(image):
            raise LabError(f"image {image!r} is not present locally; build it first (make image)")
    provider = _running_provider()
    for image in images:
        if provider.loaded_id(image) == config_digest(image):
            progress.say(f"Image {image!r} is already in the cluster; nothing to do.")
            continue
        with progress.step(f"Loading image {image!r} into the cluster"):
            provider.load(image)


def loaded_id(image: str) -> str | None:
    """The config digest of the image IMAGE names on the cluster's node, if it is there:
    what config_digest() gives for the same image in Docker."""
    return _running_provider().loaded_id(image)


def unload(images: list[str]) -> None:
    """Remove images from the cluster's node (its image store outlives `down`)."""
    provider = _running_provider()
    for image in images:
        if provider.loaded_id(image) is None:
            progress.say(f"Image {image!r} is not in the cluster; nothing to do.")
            continue
        provider.unload(image)
        progress.say(f"Image {image!r} removed from the cluster.")


def images_labelled(key: str, value: str) -> list[str]:
    """Names of the cluster's images whose config carries the label KEY=VALUE."""
    found = _running_provider().image_labels()
    return sorted(name for name, labels in found.items() if labels.get(key) == value)


# The add-ons the labs run, by versions.yaml key, each built from source once: the value
# names its manifest in deploy/addons (applied on every `lab cluster up`, so a cluster
# that is already up gets a new add-on too), or None for an image the labs start themselves.
# `{provider}` in a name becomes the running provider's (kind, local).
LAB_ADDONS: dict[str, str | None] = {"vegeta": None, "metallb": "metallb/{provider}"}


def load_addons() -> None:
    """The add-ons' images, built once and loaded, then their manifests applied."""
    load([image for name in LAB_ADDONS for image in image_builds.addon_images(name)])
    _running_provider().reach_load_balancers()
    for name, manifest in LAB_ADDONS.items():
        if not manifest:
            continue
        crds = versions.component(name).get("crds")  # a folder of the module's source
        if crds:
            addons.install_crds(kubectl(), build.module_source(name) / crds)
        addons.install(kubectl(), [manifest.format(provider=running())])


def url(service: str, namespace: str = "default") -> str:
    """http://ADDRESS:PORT where SERVICE's NodePort answers from this host."""
    try:
        port = int(
            addons.run(
                kubectl(),
                "-n",
                namespace,
                "get",
                "service",
                service,
                "-o",
                "jsonpath={.spec.ports[0].nodePort}",
            ).strip()
        )
    except ValueError:
        raise LabError(
            f"service {service!r} in namespace {namespace!r} has no NodePort; "
            "make it type NodePort to reach it from the host"
        ) from None
    return f"http://{_running_provider().node_address(port)}:{port}"
