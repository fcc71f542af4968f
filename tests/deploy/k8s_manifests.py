"""Where the manifests are, and the kubectl that renders and applies them."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
K8S = Path("deploy") / "k8s"
OVERLAYS = ["kind", "local", "production"]


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
