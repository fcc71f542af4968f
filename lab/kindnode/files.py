"""What makes a Debian tree a kind node: kind's own node files, read from the kind module
at its pinned version (never kept in this repository), the binaries the project builds,
and the settings kind's node image builder writes.

Modes, places and settings follow kind's images/base/Dockerfile and its node image builder
(pkg/build/nodeimage).
"""

import json
import os
import re
import shutil
from pathlib import Path

from lab import run
from lab.kindnode import rootfs
from lab.paths import ROOT
from lab.toolchain import build, versions

# Under the kind module: the files its base image copies into /.
NODE_FILES = Path("images/base/files")
# Folders of the node's programs: kind installs everything else 0644.
EXECUTABLE_DIRS = ("usr/local/bin", "kind/bin")
UNITS = ["kubelet.service", "containerd.service", "undo-mount-hacks.service"]
MASKED = ["systemd-binfmt.service"]  # the node must not register the host's binfmt handlers
# The hook kind adds to every container's runtime spec: it mounts the node's product_uuid.
PRODUCT_FILES_HOOK = "/kind/bin/mount-product-files.sh"
SANDBOX_IMAGE = re.compile(r'^(\s*sandbox_image\s*=\s*)".*"', re.MULTILINE)
# The StorageClass kind installs when it creates a cluster: the project's own local-path one.
STORAGE_MANIFEST = ROOT / "deploy" / "addons" / "local-path-storage.yaml"
# `ctr oci spec` prints a default spec, offline.
CTR_TIMEOUT = 30


def copy_node_files(kind_source: Path, root: Path) -> None:
    """kind's node files (entrypoint, units, kubelet drop-ins, containerd's config) into ROOT."""
    source = kind_source / NODE_FILES
    for path in sorted(source.rglob("*")):
        target = root / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            target.chmod(0o755)
            continue
        shutil.copyfile(path, target)
        relative = path.relative_to(source).parent.as_posix()
        target.chmod(0o755 if relative in EXECUTABLE_DIRS else 0o644)


def install(root: Path, binaries: Path, dest: str) -> None:
    """Copy every binary of the build folder BINARIES to DEST in ROOT."""
    folder = root / dest.lstrip("/")
    folder.mkdir(parents=True, exist_ok=True)
    for binary in sorted(binaries.iterdir()):
        if not binary.name.startswith("."):  # .complete marks a finished build
            shutil.copy2(binary, folder / binary.name)
            (folder / binary.name).chmod(0o755)


def runtime_spec(ctr: Path) -> dict:
    """containerd's default spec with kind's createContainer hook and without rlimits."""
    purpose = "printing containerd's default spec"
    spec = json.loads(run.run([ctr, "oci", "spec"], purpose=purpose, timeout=CTR_TIMEOUT).stdout)
    hooks = spec.setdefault("hooks", {})
    hooks.setdefault("createContainer", []).append({"path": PRODUCT_FILES_HOOK})
    spec["process"].pop("rlimits", None)
    return spec


def set_sandbox_image(config: str, image: str) -> str:
    """containerd's config with IMAGE as the pods' sandbox (pause) image."""
    changed, count = SANDBOX_IMAGE.subn(rf'\g<1>"{image}"', config)
    if count != 1:
        raise ValueError("containerd's config has no single sandbox_image line")
    return changed


def populate(root: Path, bins: dict[str, Path]) -> None:
    """Make the Debian tree in ROOT a kind node: kind's files, units enabled, the binaries of
    BINS (build folders by component), containerd's settings, the Kubernetes version."""
    copy_node_files(build.module_source("kind"), root)
    rootfs.systemctl(root, "enable", *UNITS)
    rootfs.systemctl(root, "mask", *MASKED)
    (root / "etc/kubernetes/manifests").mkdir(parents=True, exist_ok=True)
    kubernetes = root / "usr/bin"
    for command in ("kubeadm", "kubelet", "kubectl"):  # where kind's kubelet unit looks
        shutil.copy2(bins["kubernetes"] / command, kubernetes / command)
    install(root, bins["containerd"], "/usr/local/bin")
    install(root, bins["runc"], "/usr/local/sbin")
    install(root, bins["cri_tools"], "/usr/local/bin")
    install(root, bins["cni_plugins"], "/opt/cni/bin")
    spec = runtime_spec(bins["containerd"] / "ctr")
    (root / "etc/containerd/cri-base.json").write_text(json.dumps(spec, indent=2) + "\n")
    config = root / "etc/containerd/config.toml"
    config.write_text(set_sandbox_image(config.read_text(), versions.component("pause")["image"]))
    (root / "kind/version").write_text(versions.kubernetes() + "\n")
    manifests = root / "kind/manifests"
    manifests.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STORAGE_MANIFEST, manifests / "default-storage.yaml")
    os.chmod(manifests / "default-storage.yaml", 0o644)
