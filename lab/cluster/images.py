"""Build the cluster's images from our binaries, tagged with the names the manifests use.

Each image is built once per tag with the Docker engine (`docker build`, never a
pull) and saved as a tarball under the build cache's images/, which `up` imports into the
local cluster's containerd.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from lab import progress, run
from lab.docker import docker, image_exists, require_engine
from lab.errors import LabError
from lab.images.seed import seed
from lab.paths import ROOT
from lab.toolchain import build, versions

RECIPES = ROOT / "deploy" / "images"
# `apt-get download` fetches one package of about a megabyte; dpkg-deb unpacks it locally.
APT_TIMEOUT = 300
DPKG_TIMEOUT = 60


@dataclass(frozen=True)
class Image:
    tag: str
    recipe: str  # folder under deploy/images
    component: str  # key of build.build_all() that holds the binary
    binary: str
    build_args: tuple[tuple[str, str], ...] = ()
    extras: tuple[tuple[str, str], ...] = ()  # more (component, binary) for the context

    @property
    def tarball(self) -> Path:
        name = self.tag.replace("/", "_").replace(":", "_")
        return build.cache() / "images" / f"{name}.tar"


def _control_plane(name: str, tag: str, component: str = "kubernetes") -> Image:
    return Image(tag, "control-plane", component, name, (("BINARY", name),))


def cluster_images() -> list[Image]:
    kube = versions.kubernetes()
    comp = versions.component
    return [
        _control_plane("kube-apiserver", f"registry.k8s.io/kube-apiserver:{kube}"),
        _control_plane(
            "kube-controller-manager", f"registry.k8s.io/kube-controller-manager:{kube}"
        ),
        _control_plane("kube-scheduler", f"registry.k8s.io/kube-scheduler:{kube}"),
        _control_plane("etcd", comp("etcd")["image"], "etcd"),
        Image(f"registry.k8s.io/kube-proxy:{kube}", "kube-proxy", "kubernetes", "kube-proxy"),
        Image(comp("coredns")["image"], "coredns", "coredns", "coredns"),
        Image(comp("pause")["image"], "pause", "pause", "pause"),
        Image(
            comp("metrics_server")["image"], "metrics-server", "metrics_server", "metrics-server"
        ),
        Image(
            comp("local_path_provisioner")["image"],
            "local-path-provisioner",
            "local_path_provisioner",
            "local-path-provisioner",
        ),
        Image(
            comp("local_path_provisioner")["helper_image"],
            "local-path-helper",
            "busybox",
            "busybox",
        ),
    ]


# Where busybox-static's package puts the binary: /bin up to Debian 12, /usr/bin since 13.
BUSYBOX_IN_PACKAGE = ("bin/busybox", "usr/bin/busybox")


def busybox_dir() -> Path:
    """Debian's static busybox, unpacked from its package (the host keeps its own)."""
    dest = build.cache() / "busybox" / "bin"
    if (dest / "busybox").exists():
        return dest
    work = build.cache() / "busybox" / "deb"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    purpose = "fetching Debian's static busybox (run 'apt-get update' if the index is stale)"
    run.run(
        ["apt-get", "download", "busybox-static"], purpose=purpose, timeout=APT_TIMEOUT, cwd=work
    )
    deb = next(work.glob("busybox-static_*.deb"))
    purpose = "unpacking Debian's static busybox"
    run.run(["dpkg-deb", "-x", deb, work / "root"], purpose=purpose, timeout=DPKG_TIMEOUT)
    binary = next(
        (work / "root" / p for p in BUSYBOX_IN_PACKAGE if (work / "root" / p).is_file()), None
    )
    if binary is None:
        raise LabError(f"{deb.name} holds no busybox in {' or '.join(BUSYBOX_IN_PACKAGE)}")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(binary, dest / "busybox")
    shutil.rmtree(work)
    return dest


def build_image(image: Image, bins: dict[str, Path]) -> Path:
    """Build and save one image unless its tarball exists; return the tarball."""
    if image.tarball.exists():
        return image.tarball
    context = build.cache() / "images" / "context" / image.recipe
    shutil.rmtree(context, ignore_errors=True)
    context.mkdir(parents=True)
    shutil.copy2(RECIPES / image.recipe / "Dockerfile", context / "Dockerfile")
    for component, binary in ((image.component, image.binary), *image.extras):
        os.link(bins[component] / binary, context / binary)
    args = [arg for key, value in image.build_args for arg in ("--build-arg", f"{key}={value}")]
    with progress.step(f"Building image {image.tag}"):
        docker("build", "--quiet", *args, "-t", image.tag, str(context), capture=True)
        partial = image.tarball.with_suffix(".partial")
        docker("save", "-o", str(partial), image.tag)
        partial.rename(image.tarball)
    shutil.rmtree(context)
    return image.tarball


# Binaries an add-on's image carries besides its own, by versions.yaml key.
ADDON_EXTRAS = {"vegeta": (("busybox", "busybox"),)}


def addon_image(name: str) -> str:
    """The image of add-on NAME (a versions.yaml key, e.g. vegeta), built from source once
    and present in the Docker engine; returns its tag."""
    entry = versions.component(name)
    program = name.replace("_", "-")  # its recipe folder and binary: kube-network-policies
    image = Image(entry["image"], program, name, program, extras=ADDON_EXTRAS.get(name, ()))
    return _provide(image, name)


# Add-ons of several images, each one binary of the add-on's build in the add-on's recipe
# (its BINARY argument), by versions.yaml key: (the key of the image's tag, the binary).
ADDON_IMAGES = {"metallb": (("image", "controller"), ("speaker_image", "speaker"))}


def addon_images(name: str) -> list[str]:
    """Every image of add-on NAME, built from source once and present in the Docker engine."""
    if name not in ADDON_IMAGES:
        return [addon_image(name)]
    entry = versions.component(name)
    return [
        _provide(Image(entry[key], name, name, binary, (("BINARY", binary),)), name)
        for key, binary in ADDON_IMAGES[name]
    ]


def _provide(image: Image, component: str) -> str:
    """IMAGE present in the Docker engine: there already, loaded from its tarball, or built."""
    require_engine()
    if image_exists(image.tag):
        return image.tag
    if image.tarball.exists():  # built before, then removed from the engine
        docker("load", "--quiet", "--input", str(image.tarball), capture=True)
        return image.tag
    bins = {component: build.build_component(component), "busybox": busybox_dir()}
    (build.cache() / "images").mkdir(parents=True, exist_ok=True)
    build_image(image, bins)
    return image.tag


def build_images(bins: dict[str, Path]) -> dict[str, Path]:
    """Every image of the local cluster: tag -> tarball (built only when missing)."""
    wanted = cluster_images()
    if any(not image.tarball.exists() for image in wanted):
        require_engine()
        seed(["debian:bookworm-slim"])  # kube-proxy's base
        bins = {**bins, "busybox": busybox_dir()}
        (build.cache() / "images").mkdir(parents=True, exist_ok=True)
    return {image.tag: build_image(image, bins) for image in wanted}
