"""A secret lying next to the code never ends up in the image built from it.

A developer's checkout holds a `.env` with the real SECRET_KEY (compose reads it), and a
careless `--build-arg SECRET_KEY=...` is one typo away. Our Dockerfile and .dockerignore
must keep both out of every layer and out of the image's history. A deliberately
careless build of the same context shows the scan finds a leak when there is one.
"""

import gzip
import shutil
import subprocess
import tarfile
import uuid
from pathlib import Path

import pytest

from lab.layers import build
from tests.docker.conftest import DUMMY_SECRET, ROOT, VERSION, docker

CARELESS_DOCKERFILE = """\
FROM python:3.11-slim-bookworm
ARG SECRET_KEY
WORKDIR /app
COPY . .
RUN test -n "$SECRET_KEY"
"""


def context_with_a_secret(dest: Path) -> Path:
    """The files git tracks (their working-tree content), plus a `.env` holding the secret."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, dest / name)
    (dest / ".env").write_text(f"SECRET_KEY={DUMMY_SECRET}\n")
    return dest


def leaks(image: str, workdir: Path) -> list[str]:
    """Where IMAGE holds the secret: files of its `docker save` archive, and its history."""
    archive = workdir / "image.tar"
    docker("save", "--output", str(archive), image)
    needle = DUMMY_SECRET.encode()
    found = []
    with tarfile.open(archive) as saved:
        files = [member for member in saved.getmembers() if member.isfile()]
        assert any(member.name.endswith("layer.tar") or "blobs/" in member.name for member in files)
        for member in files:
            blob = saved.extractfile(member).read()
            if blob[:2] == b"\x1f\x8b":  # a compressed layer
                blob = gzip.decompress(blob)
            if needle in blob:
                found.append(member.name)
    archive.unlink()
    if DUMMY_SECRET in docker("history", "--no-trunc", image).stdout:
        found.append("history")
    return found


@pytest.fixture
def build_with_a_secret(tmp_path):
    """build(dockerfile or None) -> a throwaway image of the secret-holding context."""
    context = context_with_a_secret(tmp_path / "context")
    tags = []

    def build_it(dockerfile: str | None = None) -> str:
        if dockerfile is not None:
            (context / "Dockerfile").write_text(dockerfile)
            (context / ".dockerignore").unlink()
        tags.append(f"taskapp-secret-test:{uuid.uuid4().hex[:8]}")
        args = [f"--build-arg=APP_VERSION={VERSION}", f"--build-arg=SECRET_KEY={DUMMY_SECRET}"]
        build(context, tags[-1], *args)
        return tags[-1]

    yield build_it
    for tag in tags:
        docker("rmi", "--force", tag, check=False)


def test_our_dockerfile_keeps_a_secret_of_the_context_out_of_the_image(
    build_with_a_secret, tmp_path
):
    image = build_with_a_secret()
    assert leaks(image, tmp_path) == []


def test_a_careless_build_of_the_same_context_is_caught(build_with_a_secret, tmp_path):
    # `COPY . .` without .dockerignore copies .env; a declared, used ARG lands in the history.
    found = leaks(build_with_a_secret(CARELESS_DOCKERFILE), tmp_path)
    assert "history" in found
    assert [name for name in found if name != "history"], "no layer holds the copied .env"
