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

ROOT = Path(__file__).resolve().parents[2]
K8S = Path("deploy") / "k8s"
OVERLAYS = ["kind", "local", "production"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "cluster: needs a running cluster (KUBECONFIG); start one with 'lab cluster up'"
    )


def kubectl_path() -> str:
    """$KUBECTL, else the kubectl on PATH."""
    found = os.environ.get("KUBECTL") or shutil.which("kubectl")
    if not found:
        pytest.fail("no kubectl: put one on PATH or set KUBECTL to its path")
    return found


def run_kubectl(*args: str, stdin: str | None = None, check: bool = True):
    """Run kubectl; on failure the test fails with kubectl's own message."""
    result = subprocess.run(
        [kubectl_path(), *args], input=stdin, capture_output=True, text=True, timeout=600
    )
    if check and result.returncode != 0:
        pytest.fail(f"kubectl {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result


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


@pytest.fixture(scope="session")
def render(tracked_tree):
    """render(overlay, namespace=None) -> the overlay's YAML, moved into `namespace` if given."""

    @cache
    def _render(overlay: str, namespace: str | None = None) -> str:
        target = tracked_tree / K8S / "overlays" / overlay
        if namespace is None:
            return run_kubectl("kustomize", str(target)).stdout
        # kustomize refuses absolute paths as resources: wrap the overlay relative to a temp dir.
        with tempfile.TemporaryDirectory(dir=tracked_tree) as wrapper:
            relative = os.path.relpath(target, wrapper)
            kustomization = {"resources": [relative], "namespace": namespace}
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
