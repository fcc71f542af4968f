"""What a notebook makes, found by its name, and removed at its start and end.

Every container, image, volume and network a notebook creates carries the label
`lab.notebook=NAME` (`docker run --label`, `docker build --label`); a Compose
stack is the project NAME, whose objects Compose labels itself. Its files go to
one work directory named after it. On the cluster, its namespace carries the same
label (lab.app writes it), and so do the images it builds and loads. So a notebook
that died halfway is cleaned up by the next run, and a test can check that a
finished notebook left nothing behind.
"""

import shutil
from pathlib import Path

from lab import run
from lab.errors import LabError
from lab.notebook import cluster
from lab.paths import ROOT

LABEL = "lab.notebook"
COMPOSE_PROJECT = "com.docker.compose.project"
# Removal order: containers hold images, volumes and networks.
KINDS = ("container", "image", "volume", "network")
# Seconds a listing of the engine's objects may take (it answers from its own state), and a
# removal (an image's layers are deleted from disk).
LIST_TIMEOUT = 60
REMOVE_TIMEOUT = 300


def label(name: str) -> str:
    """The `--label` value for objects of notebook NAME."""
    return f"{LABEL}={name}"


def directory(name: str) -> Path:
    """build/notebooks/NAME in the clone (git ignores build/): a kustomization there reaches
    deploy/ by the same relative path on every machine."""
    return ROOT / "build" / "notebooks" / name


def workdir(name: str) -> Path:
    """An empty directory for the files of notebook NAME, at the same place every run."""
    path = directory(name)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(mode=0o700, parents=True)
    return path


def _ids(kind: str, selector: str) -> list[str]:
    listing = {
        "container": ["container", "ls", "--all", "--quiet", "--no-trunc"],
        "image": ["image", "ls", "--all", "--quiet", "--no-trunc"],
        "volume": ["volume", "ls", "--quiet"],
        "network": ["network", "ls", "--quiet", "--no-trunc"],
    }[kind]
    result = run.run(
        ["docker", *listing, "--filter", f"label={selector}"],
        purpose=f"listing the {kind}s labelled {selector}",
        timeout=LIST_TIMEOUT,
    )
    return sorted(set(result.stdout.split()))


def leftovers(name: str) -> dict[str, list[str]]:
    """{kind: ids} of every object labelled for notebook NAME or in its Compose project,
    and, when a cluster is up, its namespaces, their volumes and its images in the cluster."""
    found = {}
    work = directory(name)
    if work.exists():
        found["directory"] = [str(work)]
    for kind in KINDS:
        ids = _ids(kind, label(name)) + _ids(kind, f"{COMPOSE_PROJECT}={name}")
        if ids:
            found[kind] = sorted(set(ids))
    found.update(cluster.leftovers(LABEL, name))
    return found


def cleanup(name: str) -> dict[str, list[str]]:
    """Remove what notebook NAME made; return {kind: ids} of what was removed."""
    found = leftovers(name)
    if "directory" in found:
        shutil.rmtree(found["directory"][0])
    cluster.remove(found)
    for kind in KINDS:
        if kind in found:
            force = ["--force"] if kind in ("container", "image") else []
            argv = ["docker", kind, "rm", *force, *found[kind]]
            purpose = f"removing the {kind}s of notebook {name}"
            run.run(argv, purpose=purpose, timeout=REMOVE_TIMEOUT, check=False)
    remaining = leftovers(name)
    if remaining:
        raise LabError(f"could not remove everything of notebook {name!r}: {remaining}")
    return found


def describe(removed: dict[str, list[str]]) -> str:
    """'2 container(s), 1 volume(s)', or 'nothing': what `cleanup` returned, for a reader."""
    return ", ".join(f"{len(ids)} {kind}(s)" for kind, ids in removed.items()) or "nothing"
