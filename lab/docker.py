"""Run the docker CLI, with errors that say what to do."""

import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from lab import run
from lab.errors import LabError

# Seconds each docker command may take. A build of a look-alike or cluster image installs
# Debian packages over the network, and a save or load moves up to a gigabyte on two cores.
DOCKER_TIMEOUT = 900
# `docker info` and `docker image inspect` answer from the engine's own state in well under a
# second; a socket that answers nothing must not hang the caller.
ENGINE_TIMEOUT = 30
# A pull of one base image (a few hundred megabytes) on a slow link.
PULL_TIMEOUT = 600


def docker(
    *args: str,
    capture: bool = False,
    input: bytes | None = None,
    timeout: float = DOCKER_TIMEOUT,
    purpose: str = "a docker step of the lab",
) -> str:
    """Run `docker ARGS`; raise LabError with docker's own message when it fails."""
    if shutil.which("docker") is None:
        raise LabError("the docker CLI is not on PATH; 'make setup' installs the project's")
    result = run.run(
        ["docker", *args],
        purpose=purpose,
        timeout=timeout,
        input=input,
        capture=capture,
        text=False,
    )
    return result.stdout.decode() if capture else ""


def _answers(*args: str, purpose: str, timeout: float | None = None) -> bool:
    """Whether `docker ARGS` succeeds (its exit code is the answer); within ENGINE_TIMEOUT
    seconds unless TIMEOUT says otherwise."""
    timeout = ENGINE_TIMEOUT if timeout is None else timeout
    result = run.run(["docker", *args], purpose=purpose, timeout=timeout, check=False)
    return result.returncode == 0


def engine_running() -> bool:
    return _answers("info", purpose="asking whether a Docker engine answers")


def require_engine() -> None:
    if not engine_running():
        raise LabError(
            "no Docker engine answers; 'make setup' starts one (or start your own: Engine 25+)"
        )


def image_exists(tag: str) -> bool:
    return _answers("image", "inspect", tag, purpose=f"asking whether {tag} is here")


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
    purpose = f"asking a registry for {tag}'s manifest"
    try:
        return _answers("manifest", "inspect", tag, purpose=purpose, timeout=timeout)
    except run.CommandTimedOut:
        return False


def can_pull(tag: str) -> bool:
    """True when the registry serves TAG (a normal machine); the image is then pulled."""
    try:
        return _answers("pull", "-q", tag, purpose=f"pulling {tag}", timeout=PULL_TIMEOUT)
    except run.CommandTimedOut:  # a registry that never answers can't be pulled from
        return False
