"""The cluster tests run against a real cluster: `lab cluster up` starts one if none is up.

The provider is the default one (kind where it can run, else local) unless
LAB_PROVIDER says otherwise. test_down.py deletes the cluster, checks that
nothing is left behind and starts it again, so it runs last.
"""

import os
import subprocess
import sys
import uuid

import pytest

from lab.cluster import commands
from tests.cluster.clusterlib import BUILD_TIMEOUT, Kubectl


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.path.name == "test_down.py")
    # The first test on the cluster may have to build it from source (tens of minutes cold).
    first = next((i for i in items if "cluster" in getattr(i, "fixturenames", ())), None)
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
