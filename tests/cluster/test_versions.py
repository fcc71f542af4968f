"""One place for versions: the manifests and configs name what deploy/versions.yaml pins."""

from pathlib import Path

import yaml

from lab.cluster import gomod, versions

ADDONS = versions.ROOT / "deploy" / "addons"


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


def test_the_kubernetes_replace_list_comes_from_upstream_go_mod():
    upstream = """
replace (
\tk8s.io/api => ./staging/src/k8s.io/api
\tk8s.io/client-go => ./staging/src/k8s.io/client-go
\tgithub.com/some/fork => github.com/other/fork v1.0.0
)
"""
    assert gomod.staging_modules(upstream) == ["k8s.io/api", "k8s.io/client-go"]
    assert gomod.staging_version("v1.37.0") == "v0.37.0"
