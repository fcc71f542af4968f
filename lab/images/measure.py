"""Measure images: size, and the build context a client sends (build times: lab.layers)."""

import json
import subprocess
from pathlib import Path

from docker.utils.build import exclude_paths

from lab.errors import LabError


def image_size(tag: str) -> int:
    """Bytes of the image's layers, as `docker images` reports its size."""
    result = subprocess.run(
        ["docker", "image", "inspect", tag], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise LabError(f"image {tag!r} is not present locally; build it first")
    return json.loads(result.stdout)[0]["Size"]


def context_size(root: Path, use_dockerignore: bool = True) -> tuple[int, int]:
    """(files, bytes) a client sends as the build context of `root`, with or without ignores."""
    ignore = root / ".dockerignore"
    patterns = ignore.read_text().splitlines() if use_dockerignore and ignore.exists() else []
    files = [root / path for path in exclude_paths(str(root), patterns)]
    files = [path for path in files if path.is_file() and not path.is_symlink()]
    return len(files), sum(path.stat().st_size for path in files)


def copy_context(root: Path, target: Path) -> None:
    """Copy what the build context holds (after .dockerignore) plus the Dockerfile to `target`."""
    patterns = (root / ".dockerignore").read_text().splitlines()
    for relative in [*exclude_paths(str(root), patterns), "Dockerfile", ".dockerignore"]:
        source = root / relative
        if source.is_file():
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
