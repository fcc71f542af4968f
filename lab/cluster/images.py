"""Build the cluster's images, tagged with the names the manifests use.

Each image is built once per tag with the Docker engine (`docker build`, never a pull of
the image itself) and saved as a tarball under the build cache's images/, which `up`
imports into the local cluster's containerd. Two kinds of recipe under deploy/images:
most put a binary this host built (lab.toolchain) on an empty base; a self-contained one
builds its program itself in a Dockerfile's build stages, for the node's platform, so its
host needs Docker alone.
"""

import json
import os
import re
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
# `go env` answers from the host's own settings in well under a second.
GO_ENV_TIMEOUT = 30
# The host's Go module settings a self-contained recipe's Go stage gets as build arguments,
# so modules come through the same proxy as on the host.
GO_SETTINGS = ("GOPROXY", "GOFLAGS", "GOSUMDB", "GONOSUMDB")
# Node platforms a self-contained recipe builds for (Go and Debian name them alike).
PLATFORMS = ("linux/amd64", "linux/arm64")


@dataclass(frozen=True)
class Image:
    tag: str
    recipe: str  # folder under deploy/images
    component: str | None = None  # key of build.build_all() that holds the binary; None:
    binary: str | None = None  # the recipe is self-contained (builds its program itself)
    build_args: tuple[tuple[str, str], ...] = ()
    target: str | None = None  # a stage of a self-contained recipe

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
        # The load generator's recipe without the load generator: busybox alone.
        Image(comp("local_path_provisioner")["helper_image"], "vegeta", target="shell"),
    ]


def node_platform() -> str:
    """The platform of the Docker engine's machine, os/arch as Go names it: what a kind node
    (a container of that engine) or the local node (this host) runs."""
    found = docker("version", "--format", "{{.Server.Os}}/{{.Server.Arch}}", capture=True).strip()
    if found not in PLATFORMS:
        raise LabError(
            f"the Docker engine runs on {found}; the lab's images exist for {', '.join(PLATFORMS)}"
        )
    return found


def go_settings() -> dict[str, str]:
    """The host's Go module settings (GO_SETTINGS) that are set: from `go env` where Go is
    installed, else from the environment; a host without either gets Go's defaults."""
    if shutil.which("go") is None:
        values = {key: os.environ.get(key, "") for key in GO_SETTINGS}
    else:
        purpose = "reading this host's Go module settings"
        found = run.run(
            ["go", "env", "-json", *GO_SETTINGS], purpose=purpose, timeout=GO_ENV_TIMEOUT
        )
        values = json.loads(found.stdout)
    return {key: value for key, value in values.items() if value}


FROM_LINE = re.compile(r"^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", re.I | re.M)


def bases(dockerfile: Path) -> list[str]:
    """The images DOCKERFILE's stages start from: neither scratch nor one of its own stages."""
    stages, found = set(), []
    for image, stage in FROM_LINE.findall(dockerfile.read_text()):
        if image != "scratch" and image not in stages and image not in found:
            found.append(image)
        stages.add(stage)
    return found


def _build_args(image: Image) -> list[str]:
    return [arg for key, value in image.build_args for arg in ("--build-arg", f"{key}={value}")]


def build_command(image: Image, platform: str, *output: str) -> list[str]:
    """`docker build` of self-contained IMAGE for PLATFORM; OUTPUT (e.g. `--output`,
    `type=local,dest=DIR`) in place of a tag."""
    if platform not in PLATFORMS:
        raise LabError(f"no build for {platform!r}; choose one of: {', '.join(PLATFORMS)}")
    target = ["--target", image.target] if image.target else []
    where = list(output) or ["--tag", image.tag]
    return [
        "build",
        "--quiet",
        "--platform",
        platform,
        *target,
        *_build_args(image),
        *where,
        str(RECIPES / image.recipe),
    ]


def build_self_contained(image: Image, platform: str, *output: str) -> None:
    """Build IMAGE from its recipe alone, its missing base images pulled or seeded first."""
    missing = [
        base for base in bases(RECIPES / image.recipe / "Dockerfile") if not image_exists(base)
    ]
    if missing:
        seed(missing)
    docker(*build_command(image, platform, *output), capture=True)


def build_image(image: Image, bins: dict[str, Path]) -> Path:
    """Build and save one image unless its tarball exists; return the tarball."""
    if image.tarball.exists():
        return image.tarball
    with progress.step(f"Building image {image.tag}"):
        if image.component is None:
            build_self_contained(image, node_platform())
        else:
            _build_from_binary(image, bins)
        partial = image.tarball.with_suffix(".partial")
        docker("save", "-o", str(partial), image.tag)
        partial.rename(image.tarball)
    return image.tarball


def _build_from_binary(image: Image, bins: dict[str, Path]) -> None:
    context = build.cache() / "images" / "context" / image.recipe
    shutil.rmtree(context, ignore_errors=True)
    context.mkdir(parents=True)
    shutil.copy2(RECIPES / image.recipe / "Dockerfile", context / "Dockerfile")
    os.link(bins[image.component] / image.binary, context / image.binary)
    docker("build", "--quiet", *_build_args(image), "-t", image.tag, str(context), capture=True)
    shutil.rmtree(context)


# Add-ons whose recipe is self-contained, by versions.yaml key: its Go stage gets the
# module and version to build.
SELF_CONTAINED = {"vegeta"}


def addon_image(name: str) -> str:
    """The image of add-on NAME (a versions.yaml key, e.g. vegeta), built from source once
    and present in the Docker engine; returns its tag."""
    return _provide(addon_recipe(name), name)


def addon_recipe(name: str) -> Image:
    """How add-on NAME's image is built."""
    entry = versions.component(name)
    program = name.replace("_", "-")  # its recipe folder and binary: kube-network-policies
    if name not in SELF_CONTAINED:
        return Image(entry["image"], program, name, program)
    module = (("MODULE", entry["module"]), ("VERSION", entry["version"]))
    return Image(entry["image"], program, build_args=(*module, *go_settings().items()))


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
    # A binary for the node's platform, which a host of another (a Mac) cross-compiles.
    bins = {component: build.build_component(component, node_platform())} if image.component else {}
    (build.cache() / "images").mkdir(parents=True, exist_ok=True)
    build_image(image, bins)
    return image.tag


def build_images(bins: dict[str, Path]) -> dict[str, Path]:
    """Every image of the local cluster: tag -> tarball (built only when missing)."""
    wanted = cluster_images()
    if any(not image.tarball.exists() for image in wanted):
        require_engine()
        seed(["debian:bookworm-slim"])  # kube-proxy's base
        (build.cache() / "images").mkdir(parents=True, exist_ok=True)
    return {image.tag: build_image(image, bins) for image in wanted}
