"""The add-ons kept in deploy/addons, applied with kubectl, and the wait for a usable cluster."""

import ipaddress
import time
from pathlib import Path

import yaml

from lab import progress
from lab import run as runner
from lab.errors import LabError
from lab.paths import ROOT

# Seconds one kubectl call may take: an apply or a wait bounded by its own --timeout (which
# callers keep below this), on a node busy pulling images.
KUBECTL_TIMEOUT = 300
# `kubectl top node` answers from metrics-server at once or fails at once.
TOP_TIMEOUT = 30

ADDONS = ROOT / "deploy" / "addons"


def run(
    kubectl: list[str], *args: str, timeout: float = KUBECTL_TIMEOUT, stdin: str | None = None
) -> str:
    """The output of `kubectl ARGS` against the cluster KUBECTL names."""
    purpose = "a kubectl step of the lab"
    return runner.run([*kubectl, *args], purpose=purpose, timeout=timeout, input=stdin).stdout


def install(kubectl: list[str], names: list[str]) -> None:
    """Apply each manifest under deploy/addons: a file, or a folder with a kustomization."""
    for name in names:
        path = ADDONS / name
        run(kubectl, "apply", "--server-side", "-k" if path.is_dir() else "-f", str(path))


def install_crds(kubectl: list[str], folder: Path, timeout: float = 60) -> None:
    """Apply the CustomResourceDefinitions in FOLDER and wait until the API serves their
    kinds, so that a manifest applied next may hold objects of those kinds."""
    names = run(kubectl, "apply", "--server-side", "-f", str(folder), "-o", "name").split()
    run(kubectl, "wait", "--for=condition=Established", *names, f"--timeout={timeout:.0f}s")


def metallb_pool(provider: str) -> list[ipaddress.IPv4Network]:
    """The address blocks of MetalLB's pool on PROVIDER, as deploy/addons/metallb holds it."""
    pool = yaml.safe_load((ADDONS / "metallb" / provider / "ipaddresspool.yaml").read_text())
    blocks = []
    for entry in pool["spec"]["addresses"]:  # FIRST-LAST ranges
        first, last = (ipaddress.ip_address(end) for end in entry.split("-"))
        blocks += ipaddress.summarize_address_range(first, last)
    return blocks


def wait_ready(kubectl: list[str], timeout: float = 300) -> None:
    """Wait for what a lesson needs: node Ready, DNS answering pods, metrics served."""
    with progress.step("Waiting for the node, DNS and metrics"):
        deadline = time.monotonic() + timeout
        run(kubectl, "wait", "--for=condition=Ready", "node", "--all", f"--timeout={timeout:.0f}s")
        for deployment in ("coredns", "metrics-server"):
            left = max(deadline - time.monotonic(), 1)
            run(
                kubectl,
                "-n",
                "kube-system",
                "rollout",
                "status",
                f"deployment/{deployment}",
                f"--timeout={left:.0f}s",
            )
        while True:  # the first numbers come one scrape after metrics-server is ready
            purpose = "asking metrics-server for the node's figures"
            result = runner.run(
                [*kubectl, "top", "node"], purpose=purpose, timeout=TOP_TIMEOUT, check=False
            )
            if result.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise LabError(
                    "metrics-server serves no node metrics yet; see "
                    "'kubectl -n kube-system logs deployment/metrics-server'"
                )
            time.sleep(2)
