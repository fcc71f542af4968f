"""Run the docker CLI, with errors that say what to do."""

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from lab.errors import LabError


def docker(*args: str, capture: bool = False, input: bytes | None = None) -> str:
    """Run `docker ARGS`; raise LabError with docker's own message when it fails."""
    if shutil.which("docker") is None:
        raise LabError("the docker CLI is not on PATH; install Debian's docker.io (make setup)")
    result = subprocess.run(
        ["docker", *args],
        input=input,
        capture_output=capture,
        check=False,
    )
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip() if capture else ""
        raise LabError(f"'docker {' '.join(args)}' failed {detail}".rstrip())
    return result.stdout.decode() if capture else ""


def engine_running() -> bool:
    return subprocess.run(["docker", "info"], capture_output=True, check=False).returncode == 0


def require_engine() -> None:
    if not engine_running():
        raise LabError("no Docker engine answers; start one with 'bash scripts/ensure-docker.sh'")


def image_exists(tag: str) -> bool:
    result = subprocess.run(
        ["docker", "image", "inspect", tag],
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def image_info(image: str) -> dict:
    """What `docker image inspect IMAGE` says of it."""
    return json.loads(docker("image", "inspect", image, capture=True))[0]


def containerd_store(info: dict) -> bool:
    """Whether Docker keeps the image in its containerd image store (Docker Desktop's and
    Engine 29's default): only that store describes an image's target (index or manifest)."""
    return "Descriptor" in info


def platform(info: dict) -> str:
    """The platform of the image Docker runs here, os/architecture[/variant]."""
    return "/".join(filter(None, (info["Os"], info["Architecture"], info.get("Variant"))))


def save_platform(image: str, info: dict, archive: Path) -> Path:
    """`docker save` of this host's platform of IMAGE alone. From the containerd image store,
    a pulled multi-platform image's index names platforms whose content was never pulled:
    an import of the whole index fails on them."""
    docker("save", "--platform", platform(info), "--output", str(archive), image, capture=True)
    return archive


def config_digest(image: str) -> str:
    """IMAGE's identity wherever it goes: the digest of its config, which both image stores,
    `docker save` and containerd keep. The classic store's image ID is that digest; the
    containerd store's is its index's or manifest's, so the digest is read from the image's
    archive (its manifest.json names the config's blob)."""
    info = image_info(image)
    if not containerd_store(info):
        return info["Id"]
    with tempfile.TemporaryDirectory(prefix="lab-image-") as tmp:
        archive = save_platform(image, info, Path(tmp) / "image.tar")
        with tarfile.open(archive) as saved:
            manifest = json.load(saved.extractfile("manifest.json"))
    algorithm, _, digest = manifest[0]["Config"].removeprefix("blobs/").partition("/")
    return f"{algorithm}:{digest}"


def registry_serves(tag: str, timeout: float = 30) -> bool:
    """Whether a registry answers with TAG's manifest within TIMEOUT seconds; nothing is pulled."""
    try:
        result = subprocess.run(
            ["docker", "manifest", "inspect", tag], capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0


def can_pull(tag: str) -> bool:
    """True when the registry serves TAG (a normal machine); the image is then pulled."""
    result = subprocess.run(["docker", "pull", "-q", tag], capture_output=True, check=False)
    return result.returncode == 0
