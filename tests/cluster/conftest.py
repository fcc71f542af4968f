"""The cluster tests run against a real cluster: `lab cluster up` starts one if none is up.

The provider is the default one (kind where it can run, else local) unless
LAB_PROVIDER says otherwise. test_down.py deletes the cluster, checks that
nothing is left behind and starts it again, so it runs last.
"""

import json
import os
import subprocess
import sys
import time
import uuid

import pytest
import yaml

from lab.cluster import commands

BUILD_TIMEOUT = 3600


def lab(*args: str, check: bool = True, timeout: float = 3600) -> subprocess.CompletedProcess:
    """Run the real CLI, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "lab.cli", *args],
        capture_output=True,
        text=True,
        check=check,
        timeout=timeout,
    )


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.path.name == "test_down.py")
    # The first test on the cluster may have to build it from source (tens of minutes cold).
    first = next((item for item in items if "cluster" in item.fixturenames), None)
    if first is not None:
        first.add_marker(pytest.mark.timeout(BUILD_TIMEOUT))


@pytest.fixture(scope="session")
def cluster() -> str:
    """The provider of the running cluster, after starting one if none was up."""
    if commands.running() is None:
        provider = os.environ.get("LAB_PROVIDER")
        args = ["cluster", "up", *(["--provider", provider] if provider else [])]
        subprocess.run([sys.executable, "-m", "lab.cli", *args], check=True, timeout=BUILD_TIMEOUT)
    return commands.running()


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


@pytest.fixture(scope="session")
def kubectl(cluster) -> Kubectl:
    return Kubectl(commands.kubectl())


@pytest.fixture
def namespace(kubectl, request):
    """A fresh namespace for one test, deleted after it."""
    name = f"lab-test-{uuid.uuid4().hex[:6]}"
    kubectl("create", "namespace", name)
    yield name
    kubectl("delete", "namespace", name, "--wait=false", check=False)


def wait_until(what: str, check, timeout: float = 120, interval: float = 2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def manifest(*docs: dict) -> str:
    return yaml.safe_dump_all(docs)
