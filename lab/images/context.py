"""What BuildKit transfers of a build context, with and without .dockerignore.

Each build gets a fresh copy of a developer's checkout (the context's files plus the
leftovers in lab.images.measure.LEFTOVERS), in a directory of its own: BuildKit sends
only what changed since the last build of the same directory, so a reused directory
would measure almost nothing.
"""

from pathlib import Path

from lab import layers
from lab.images.measure import add_leftovers, copy_context

# The careless opposite of our Dockerfile: everything in the context goes into the image.
COPY_EVERYTHING = "FROM scratch\nCOPY . /context/\n"
DOCKERFILES = ("our Dockerfile", "COPY . .")
IGNORES = ("with .dockerignore", "without")


def checkout(root: Path, target: Path, dockerignore: bool) -> Path:
    """A copy of ROOT's build context plus a checkout's leftovers, with or without its
    .dockerignore, and the COPY-everything Dockerfile beside ours."""
    copy_context(root, target)
    add_leftovers(target)
    (target / "Dockerfile.copy-everything").write_text(COPY_EVERYTHING)
    if not dockerignore:
        (target / ".dockerignore").unlink()
    return target


def transfers(root: Path, work: Path, tag: str, *options: str) -> dict[tuple[str, str], int]:
    """{(dockerfile, ignore): bytes transferred}: our Dockerfile and COPY-everything, each
    built with and without .dockerignore, as TAG-1 ... TAG-4 (OPTIONS go to docker build)."""
    found = {}
    for number, (dockerfile, ignore) in enumerate(
        ((d, i) for d in DOCKERFILES for i in IGNORES), start=1
    ):
        context = checkout(root, work / f"context-{number}", ignore == IGNORES[0])
        file = None if dockerfile == DOCKERFILES[0] else context / "Dockerfile.copy-everything"
        built = layers.build(context, f"{tag}-{number}", *options, dockerfile=file)
        found[dockerfile, ignore] = built.context_bytes
    return found
