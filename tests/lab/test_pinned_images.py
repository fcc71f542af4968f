"""One place for versions: the add-ons' manifests run the images deploy/versions.yaml pins.
Files only, no cluster: the tests that ask upstream or the cluster are in
tests/cluster/test_versions.py."""

from pathlib import Path

import yaml

from lab.paths import ROOT
from lab.toolchain import versions

ADDONS = ROOT / "deploy" / "addons"


def images_in(path: Path) -> set[str]:
    found = set()
    for doc in yaml.safe_load_all(path.read_text()):
        spec = (doc or {}).get("spec", {}).get("template", {}).get("spec", {})
        found |= {c["image"] for c in spec.get("containers", [])}
    return found


def test_metrics_server_manifest_runs_the_pinned_image():
    assert images_in(ADDONS / "metrics-server.yaml") == {
        versions.component("metrics_server")["image"]
    }


def test_local_path_manifest_runs_the_pinned_images():
    entry = versions.component("local_path_provisioner")
    path = ADDONS / "local-path-storage.yaml"
    assert images_in(path) == {entry["image"]}
    assert path.read_text().count(entry["helper_image"]) == 2  # the flag and the helper pod


def test_image_tags_follow_the_built_versions():
    for name in ("etcd", "coredns", "metrics_server"):
        entry = versions.component(name)
        assert entry["version"].lstrip("v") in entry["image"].rsplit(":", 1)[1], name
