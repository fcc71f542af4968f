"""kind's node files come from the kind module at build time, with the modes kind gives
them, and none of them is kept in this repository; the settings the node image builder
writes land where kind reads them."""

import hashlib
import subprocess

import pytest

from lab.kindnode import files
from lab.paths import ROOT
from lab.toolchain import build


@pytest.fixture(scope="module")
def kind_source():
    return build.module_source("kind")


def test_node_files_land_with_the_modes_kind_gives_them(kind_source, tmp_path):
    files.copy_node_files(kind_source, tmp_path)
    assert (tmp_path / "usr/local/bin/entrypoint").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "kind/bin/mount-product-files.sh").stat().st_mode & 0o777 == 0o755
    dropin = tmp_path / "etc/systemd/system/kubelet.service.d/10-kubeadm.conf"
    assert dropin.stat().st_mode & 0o777 == 0o644
    assert "ExecStart=/usr/bin/kubelet" in dropin.read_text()
    assert (tmp_path / "etc/containerd/config.toml").stat().st_mode & 0o777 == 0o644


def test_no_node_file_of_kind_is_kept_in_the_repository(kind_source):
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    theirs = {
        digest(path.read_bytes()): path.name
        for path in (kind_source / files.NODE_FILES).rglob("*")
        if path.is_file()
    }
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    ours = {digest((ROOT / name.decode()).read_bytes()) for name in tracked if name}
    kept = sorted(theirs[d] for d in ours if d in theirs)
    assert not kept, f"kind's node files kept in the repository: {kept}"


def test_the_sandbox_image_of_kinds_containerd_config_is_replaced(kind_source):
    config = (kind_source / files.NODE_FILES / "etc/containerd/config.toml").read_text()
    changed = files.set_sandbox_image(config, "registry.k8s.io/pause:9.9")
    assert 'sandbox_image = "registry.k8s.io/pause:9.9"' in changed
    assert changed.count("sandbox_image") == config.count("sandbox_image")


def test_a_config_without_a_sandbox_image_is_refused():
    with pytest.raises(ValueError, match="sandbox_image"):
        files.set_sandbox_image("version = 2\n", "registry.k8s.io/pause:9.9")


def test_the_runtime_spec_mounts_the_product_files_and_sets_no_rlimits():
    ctr = build.build_component("containerd") / "ctr"
    spec = files.runtime_spec(ctr)
    assert {"path": files.PRODUCT_FILES_HOOK} in spec["hooks"]["createContainer"]
    assert "rlimits" not in spec["process"]
    assert spec["process"]["capabilities"]  # the rest of containerd's default spec is kept
