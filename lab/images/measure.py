"""Measure images: size, and build contexts to measure (times and transfers: lab.layers)."""

import os
from pathlib import Path

from docker.utils.build import exclude_paths

from lab import run
from lab.docker import ENGINE_TIMEOUT
from lab.errors import LabError


def image_size(tag: str) -> int:
    """Bytes of the image's layers unpacked, what a container's filesystem starts from: the
    sum of the layer sizes `docker history` lists. Every engine gives the same figure
    (Engine 20.10's `docker image ls` SIZE); `docker image ls` on the containerd image store
    shows more (DISK USAGE adds the compressed copies kept for a push)."""
    result = run.run(
        ["docker", "history", "--human=false", "--format", "{{.Size}}", tag],
        purpose=f"reading the size of {tag}",
        timeout=ENGINE_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise LabError(f"image {tag!r} is not present locally; build it first")
    return sum(int(size) for size in result.stdout.split())


# What a developer's checkout holds besides the tracked files, and must never reach an
# image: a local database, bytecode, an env file with secrets, the repository's history.
LEFTOVERS = {
    "taskapp/db.sqlite3": 2_000_000,
    "taskapp/config/__pycache__/settings.cpython-311.pyc": 300_000,
    ".env": 0,  # written as text below
    ".git/objects/pack/pack-lab.pack": 3_000_000,
}


def add_leftovers(context: Path) -> None:
    """Put LEFTOVERS into a copy of the build context (random bytes: nothing compresses)."""
    for relative, size in LEFTOVERS.items():
        path = context / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if relative == ".env":
            path.write_text("SECRET_KEY=a-secret-that-belongs-in-no-image\n")
        else:
            path.write_bytes(os.urandom(size))


def copy_context(root: Path, target: Path) -> None:
    """Copy what the build context holds (after .dockerignore) plus the Dockerfile to `target`."""
    patterns = (root / ".dockerignore").read_text().splitlines()
    for relative in [*exclude_paths(str(root), patterns), "Dockerfile", ".dockerignore"]:
        source = root / relative
        if source.is_file():
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
