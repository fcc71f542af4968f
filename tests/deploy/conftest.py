"""Render the kustomize overlays of deploy/k8s for the static and the live tests.

Overlays are rendered from a copy of the files git tracks, the way a fresh clone
sees them: a manifest that needs an uncommitted or ignored file fails here.
"""

import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest
import yaml

from tests.deploy.k8s_manifests import K8S, OVERLAYS, ROOT, run_kubectl


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "cluster: needs a running cluster (KUBECONFIG); start one with 'lab cluster up'"
    )


@pytest.fixture(scope="session")
def tracked_tree(tmp_path_factory) -> Path:
    """A copy of the files git tracks under deploy/k8s (their working-tree content)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", str(K8S)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    tree = tmp_path_factory.mktemp("clone")
    for name in filter(None, listed.stdout.split("\0")):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tree / name)
    return tree


LAB_OVERLAYS = ("kind", "local")


@pytest.fixture(scope="session")
def render(tracked_tree):
    """render(overlay, namespace=None) -> the overlay's YAML; with `namespace`, moved there
    the way a lab runs it (lab.app)."""

    @cache
    def _render(overlay: str, namespace: str | None = None) -> str:
        target = tracked_tree / K8S / "overlays" / overlay
        if namespace is None:
            return run_kubectl("kustomize", str(target)).stdout
        # kustomize refuses absolute paths as resources: wrap the overlay relative to a temp dir.
        # The lab clusters' overlays get the labs' component, as a lab runs them: the cluster
        # picks the NodePort (30080 may be in use). Production has no NodePort to drop.
        with tempfile.TemporaryDirectory(dir=tracked_tree) as wrapper:
            relative = os.path.relpath(target, wrapper)
            component = os.path.relpath(tracked_tree / K8S / "components" / "lab", wrapper)
            kustomization = {
                "resources": [relative],
                "components": [component] if overlay in LAB_OVERLAYS else [],
                "namespace": namespace,
            }
            Path(wrapper, "kustomization.yaml").write_text(yaml.safe_dump(kustomization))
            return run_kubectl("kustomize", wrapper).stdout

    return _render


@pytest.fixture(params=OVERLAYS)
def overlay(request) -> str:
    return request.param


@pytest.fixture
def objects(render, overlay) -> list[dict]:
    """The objects an overlay renders."""
    return [doc for doc in yaml.safe_load_all(render(overlay)) if doc]
