"""The look-alike node image: Debian bookworm with systemd, kind's node files, the cluster's
binaries and images, imported into Docker as one layer and tagged by what it holds.

The node's tree is archived once per set of versions under the build cache's kindnode/;
an engine that lacks the image imports it from there.
"""

import hashlib
import json
import shutil
from pathlib import Path

from lab import progress, run
from lab.cluster import images
from lab.docker import docker, image_exists, require_engine
from lab.images import seed
from lab.kindnode import files, preload, rootfs, tools
from lab.toolchain import build, versions

REPOSITORY = "taskapp-lab/kind-node"
# versions.yaml keys of what the image holds, besides the Kubernetes version.
COMPONENTS = [
    "kind",
    "containerd",
    "runc",
    "etcd",
    "coredns",
    "pause",
    "metrics_server",
    "local_path_provisioner",
    "cri_tools",
    "cni_plugins",
]
# Raised whenever the recipe changes what an image holds, so no older archive is reused.
RECIPE = 1
# How kind starts its node: systemd as PID 1 behind kind's entrypoint, stopped as systemd
# asks to be (SIGRTMIN+3), `container=docker` telling systemd where it runs.
CHANGES = [
    "ENV container=docker",
    "STOPSIGNAL SIGRTMIN+3",
    'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]',
]
# tar reads and writes about a gigabyte, locally.
TAR_TIMEOUT = 900


def pins() -> dict:
    """Everything the image is made from, by name: its cache key is made of this."""
    return {
        "kubernetes": versions.kubernetes(),
        **{name: versions.component(name) for name in COMPONENTS},
        "debian": seed.SUITE,
        "packages": rootfs.PACKAGES,
        "recipe": RECIPE,
    }


def key() -> str:
    return hashlib.sha256(json.dumps(pins(), sort_keys=True).encode()).hexdigest()[:12]


def tag() -> str:
    return f"{REPOSITORY}:{versions.kubernetes()}-{key()}"


def archive() -> Path:
    return build.cache() / "kindnode" / key() / "node.tar"


def binaries() -> dict[str, Path]:
    """Build folders of everything the node carries, by component (built when missing)."""
    return {**build.build_all(), **tools.build_all()}


def build_archive() -> Path:
    """The node's tree as a tar archive, built once per key()."""
    if archive().exists():
        return archive()
    with build.lock("kindnode", key()):  # another `lab` may be building the same one
        if not archive().exists():
            _assemble(archive())
    return archive()


def _assemble(dest: Path) -> None:
    bins = binaries()
    cluster_images = images.build_images(bins)
    tree = dest.parent / "rootfs"
    shutil.rmtree(tree, ignore_errors=True)
    with progress.step(f"Building the kind node tree {dest.parent.name}"):
        rootfs.bootstrap(tree)
        files.populate(tree, bins)
        preload.preload(bins["containerd"], tree, list(cluster_images.values()))
        partial = dest.with_suffix(".partial")
        run.run(
            ["tar", "--numeric-owner", "--exclude=./dev/*", "-C", tree, "-cf", partial, "."],
            purpose="archiving the kind node's tree",
            timeout=TAR_TIMEOUT,
        )
        partial.rename(dest)
    shutil.rmtree(tree)


def provide() -> str:
    """The look-alike node image, present in the Docker engine; returns its tag."""
    require_engine()
    if not image_exists(tag()):
        changes = [arg for change in CHANGES for arg in ("--change", change)]
        label = f"LABEL org.opencontainers.image.version={versions.kubernetes()}"
        with progress.step(f"Importing {tag()}"):
            docker("import", *changes, "--change", label, str(build_archive()), tag(), capture=True)
    return tag()
