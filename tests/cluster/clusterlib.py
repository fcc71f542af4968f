"""Helpers of the cluster tests: the real CLI, kubectl as admin, waits and manifests."""

import json
import subprocess
import sys

import pytest
import yaml

from lab.waiting import wait_for

BUILD_TIMEOUT = 3600
LAB = [sys.executable, "-m", "lab.cli"]  # the real CLI, as a user runs it


def lab(*args: str, check: bool = True, timeout: float = 3600) -> subprocess.CompletedProcess:
    """Run the real CLI, as a user would."""
    return subprocess.run(
        [*LAB, *args],
        capture_output=True,
        text=True,
        check=check,
        timeout=timeout,
    )


class Kubectl:
    """kubectl as the cluster's admin, with the waits the tests need."""

    def __init__(self, argv: list[str]):
        self.argv = argv

    def __call__(self, *args: str, stdin: str | None = None, check: bool = True):
        return subprocess.run(
            [*self.argv, *args],
            input=stdin,
            capture_output=True,
            text=True,
            check=check,
            timeout=300,
        )

    def apply(self, namespace: str, manifest: str, check: bool = True):
        return self("-n", namespace, "apply", "-f", "-", stdin=manifest, check=check)

    def json(self, *args: str) -> dict:
        return json.loads(self(*args, "-o", "json").stdout)

    def wait_pod(self, namespace: str, name: str, condition: str = "Ready", timeout: int = 120):
        result = self(
            "-n",
            namespace,
            "wait",
            f"--for=condition={condition}",
            f"pod/{name}",
            f"--timeout={timeout}s",
            check=False,
        )
        if result.returncode != 0:
            described = self("-n", namespace, "describe", "pod", name, check=False).stdout
            pytest.fail(f"pod {name!r} not {condition}: {result.stderr}\n{described[-2000:]}")

    def exec(self, namespace: str, pod: str, *command: str, check: bool = True):
        return self("-n", namespace, "exec", pod, "--", *command, check=check)


def wait_until(what: str, check, timeout: float = 120, interval: float = 2):
    return wait_for(what, check, timeout, interval)


def manifest(*docs: dict) -> str:
    return yaml.safe_dump_all(docs)
