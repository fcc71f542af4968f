"""One place for versions: what upstream publishes and the cluster runs matches what
deploy/versions.yaml pins (the files that need no cluster: tests/lab/test_pinned_images.py)."""

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from lab.paths import ROOT
from lab.toolchain import build, gomod, versions

ADDONS = ROOT / "deploy" / "addons"


def test_the_kubernetes_replace_list_comes_from_upstream_go_mod(tmp_path):
    kubernetes = versions.kubernetes()
    upstream = gomod.upstream_gomod("k8s.io/kubernetes", kubernetes, build.go_env())
    # Go's own reading of the same go.mod: the replaces that point at a staging folder.
    (tmp_path / "go.mod").write_text(upstream)
    parsed = subprocess.run(
        ["go", "mod", "edit", "-json", "go.mod"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={**build.go_env(), "GOTOOLCHAIN": "local"},
    ).stdout
    replaced = json.loads(parsed).get("Replace") or []
    local = sorted(r["Old"]["Path"] for r in replaced if r["New"]["Path"].startswith("./staging/"))
    assert {"k8s.io/api", "k8s.io/apimachinery", "k8s.io/client-go"} <= set(local)
    assert gomod.staging_modules(upstream) == local


def test_the_staging_modules_are_published_at_the_derived_version():
    """k8s.io/api@v0.37.0 exists for Kubernetes v1.37.0: the module proxy serves its go.mod."""
    version = gomod.staging_version(versions.kubernetes())
    published = gomod.upstream_gomod("k8s.io/api", version, build.go_env())
    assert "module k8s.io/api" in published.splitlines()


def kustomized_images(folder: Path) -> set[str]:
    """The container images of the workloads that `kubectl kustomize FOLDER` renders."""
    rendered = subprocess.run(
        ["kubectl", "kustomize", str(folder)], capture_output=True, text=True, check=True
    ).stdout
    found = set()
    for doc in yaml.safe_load_all(rendered):
        spec = (doc or {}).get("spec", {}).get("template", {}).get("spec", {})
        found |= {c["image"] for c in spec.get("containers", [])}
    return found


def test_metallb_manifests_run_the_pinned_images():
    entry = versions.component("metallb")
    assert kustomized_images(ADDONS / "metallb" / "local") == {entry["image"]}  # controller only
    assert kustomized_images(ADDONS / "metallb" / "kind") == {
        entry["image"],
        entry["speaker_image"],
    }
    assert all(entry[key].endswith(f":{entry['version']}") for key in ("image", "speaker_image"))


def test_metallb_crds_come_from_the_pinned_module_source():
    crds = build.module_source("metallb") / versions.component("metallb")["crds"]
    kinds = {
        yaml.safe_load(path.read_text())["spec"]["names"]["kind"] for path in crds.glob("*.yaml")
    }
    assert {"IPAddressPool", "L2Advertisement"} <= kinds


def test_the_cluster_is_built_with_the_etcdctl_the_labs_use(cluster):
    """Lab 07 reads etcd with etcdctl; built with the cluster, a lab's first run on a new
    machine does not print a build's progress into its outputs."""
    if cluster != "local":
        pytest.skip("on kind, etcdctl runs in kind's own etcd pod")
    version = versions.component("etcd")["version"]
    assert build.is_built("etcdctl", version)
    etcdctl = build.bin_dir("etcdctl", version) / "etcdctl"
    printed = subprocess.run([etcdctl, "version"], capture_output=True, text=True, check=True)
    assert f"etcdctl version: {version.lstrip('v')}" in printed.stdout
