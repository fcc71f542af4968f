"""Where the manifests are, and the kubectl that renders and applies them."""

import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from lab.cluster import commands
from lab.errors import LabError
from lab.toolchain import build, versions

ROOT = Path(__file__).resolve().parents[2]
K8S = Path("deploy") / "k8s"
OVERLAYS = ["kind", "local", "production"]


@cache
def kubectl_argv() -> list[str]:
    """The running cluster's kubectl, else the one the local provider built, else PATH's."""
    try:
        return commands.kubectl()
    except LabError:
        pass  # no cluster is up: rendering needs none
    built = build.bin_dir("kubernetes", versions.kubernetes()) / "kubectl"
    if built.exists():
        return [str(built)]
    found = shutil.which("kubectl")
    if not found:
        pytest.fail("no kubectl: start a cluster with 'lab cluster up' or put kubectl on PATH")
    return [found]


def run_kubectl(*args: str, stdin: str | None = None, check: bool = True):
    """Run kubectl; on failure the test fails with kubectl's own message."""
    result = subprocess.run(
        [*kubectl_argv(), *args], input=stdin, capture_output=True, text=True, timeout=600
    )
    if check and result.returncode != 0:
        pytest.fail(f"kubectl {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result
