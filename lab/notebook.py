"""What a notebook makes in Docker, found by its label, and removed at its start and end.

Every container, image, volume and network a notebook creates carries the label
`lab.notebook=NAME` (`docker run --label`, `docker build --label`); a Compose
stack is the project NAME, whose objects Compose labels itself. So a notebook
that died halfway is cleaned up by the next run, and a test can check that a
finished notebook left nothing behind.
"""

import subprocess

from lab.errors import LabError

LABEL = "lab.notebook"
COMPOSE_PROJECT = "com.docker.compose.project"
# Removal order: containers hold images, volumes and networks.
KINDS = ("container", "image", "volume", "network")


def label(name: str) -> str:
    """The `--label` value for objects of notebook NAME."""
    return f"{LABEL}={name}"


def _ids(kind: str, selector: str) -> list[str]:
    listing = {
        "container": ["container", "ls", "--all", "--quiet", "--no-trunc"],
        "image": ["image", "ls", "--all", "--quiet", "--no-trunc"],
        "volume": ["volume", "ls", "--quiet"],
        "network": ["network", "ls", "--quiet", "--no-trunc"],
    }[kind]
    result = subprocess.run(
        ["docker", *listing, "--filter", f"label={selector}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise LabError(f"listing {kind}s failed: {result.stderr.strip()}")
    return sorted(set(result.stdout.split()))


def leftovers(name: str) -> dict[str, list[str]]:
    """{kind: ids} of every object labelled for notebook NAME or in its Compose project."""
    found = {}
    for kind in KINDS:
        ids = _ids(kind, label(name)) + _ids(kind, f"{COMPOSE_PROJECT}={name}")
        if ids:
            found[kind] = sorted(set(ids))
    return found


def cleanup(name: str) -> None:
    """Remove what notebook NAME made; say what was removed, or that there was nothing."""
    found = leftovers(name)
    for kind in KINDS:
        if kind in found:
            subprocess.run(
                ["docker", kind, "rm", "--force", *found[kind]]
                if kind in ("container", "image")
                else ["docker", kind, "rm", *found[kind]],
                capture_output=True,
                check=False,
            )
    remaining = leftovers(name)
    if remaining:
        raise LabError(f"could not remove everything of notebook {name!r}: {remaining}")
    counts = ", ".join(f"{len(ids)} {kind}(s)" for kind, ids in found.items())
    print(f"cleaned up {counts}" if counts else f"nothing of {name!r} to clean up")
