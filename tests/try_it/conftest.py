"""The pages' Try it commands run on the lab's cluster, from a copy of the project.

The copy holds the files git tracks, as they are in the working tree, in a git repository
of its own (a page runs `git checkout`), so the commands can write `.env`, `build/` or a
changed source file without touching the real tree; `uv run` makes the copy's own
environment from uv's cache, as on a reader's clone (the environment pytest runs in is
taken off PATH). kubectl sees only the lab's cluster: a KUBECONFIG of its own holds that
context alone, so a reader's current context is never the one the commands change.

What the commands make is the test's: the namespaces `taskapp` and `trouble`, the Compose
project `lab-try-it`, and images that were not there before. The test refuses to start
when one of them is already there (it would be someone else's) and removes them after.
"""

import os
import subprocess
import sys

import pytest

from lab.cluster import commands, namespaces
from lab.cluster.host import port_taken
from lab.docker import image_exists
from lab.paths import ROOT

NAMESPACES = ("taskapp", "trouble")
COMPOSE_PROJECT = "lab-try-it"
# Ports the pages listen on: Compose's app, the registry, the port-forward.
PORTS = (8080, 5000, 8002)
# Images the pages build or load that nothing else needs afterwards.
IMAGES = ("taskapp:dev", "taskapp:1.1.0", "127.0.0.1:5000/taskapp:1.0.0")


def _run(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=check, **kwargs)


@pytest.fixture(scope="session")
def cluster() -> str:
    """The provider of the running cluster (`make test` starts it before these tests)."""
    provider = commands.running()
    if provider is None:
        pytest.fail("no cluster is up; start one with 'uv run lab cluster up'")
    return provider


def _kubectl(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return _run(*commands.kubectl(), *args, check=check)


@pytest.fixture(scope="session")
def project(tmp_path_factory):
    """A git repository holding the tracked files of the working tree."""
    copy = tmp_path_factory.mktemp("try-it") / "project"
    copy.mkdir()
    tracked = _run("git", "ls-files", "-z", cwd=ROOT).stdout.split("\0")
    _run("tar", "-C", str(ROOT), "-cf", str(copy.parent / "tree.tar"), "--", *filter(None, tracked))
    _run("tar", "-C", str(copy), "-xf", str(copy.parent / "tree.tar"))
    git = ("git", "-c", "user.name=try-it", "-c", "user.email=try-it@localhost")
    _run(*git, "init", "--quiet", cwd=copy)
    _run(*git, "add", "--all", cwd=copy)
    _run(*git, "commit", "--quiet", "--message", "the working tree", cwd=copy)
    return copy


@pytest.fixture(scope="session")
def environment(cluster, tmp_path_factory) -> dict[str, str]:
    """The pages' shell: the project's uv first on PATH, only the lab's cluster."""
    kubeconfig = tmp_path_factory.mktemp("kubeconfig") / "config"
    kubeconfig.write_text(_kubectl("config", "view", "--minify", "--flatten").stdout)
    kubeconfig.chmod(0o600)
    outside = [part for part in os.environ["PATH"].split(os.pathsep) if part != sys.prefix + "/bin"]
    environment = {name: value for name, value in os.environ.items() if name != "VIRTUAL_ENV"}
    return {
        **environment,
        "PATH": os.pathsep.join([str(ROOT / ".tools" / "bin"), *outside]),
        "KUBECONFIG": str(kubeconfig),
        "COMPOSE_PROJECT_NAME": COMPOSE_PROJECT,
    }


@pytest.fixture(scope="session")
def owned(cluster, project):
    """Refuse to start on what isn't ours; remove what the pages made, after the last one."""
    taken = [
        f"namespace {name}"
        for name in NAMESPACES
        if _kubectl("get", "namespace", name, check=False).returncode == 0
    ]
    taken += [f"port {port}" for port in PORTS if port_taken(port)]
    compose = (
        "docker",
        "compose",
        "--project-name",
        COMPOSE_PROJECT,
        "--project-directory",
        str(project),
    )
    if _run(*compose, "ps", "--all", "--quiet").stdout.strip():
        taken.append(f"Compose project {COMPOSE_PROJECT}")
    if taken:
        pytest.fail(
            "the pages' commands would use what is already there: "
            + ", ".join(taken)
            + " (remove it, or stop what holds it, then run again)"
        )
    images = {image for image in IMAGES if image_exists(image)}
    provider = commands.PROVIDERS[cluster]
    cluster_images = {image for image in IMAGES if provider.loaded_id(image)}
    yield
    _run(*compose, "down", "--volumes", "--remove-orphans", check=False)
    namespaces.delete(list(NAMESPACES))
    for image in IMAGES:
        if image not in images:
            _run("docker", "image", "rm", image, check=False)
        if image not in cluster_images and provider.loaded_id(image):
            _run(sys.executable, "-m", "lab.cli", "images", "unload", image, check=False)
