"""Run the docker CLI, with errors that say what to do."""

import shutil
import subprocess

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


def can_pull(tag: str) -> bool:
    """True when the registry serves TAG (a normal machine); the image is then pulled."""
    result = subprocess.run(["docker", "pull", "-q", tag], capture_output=True, check=False)
    return result.returncode == 0
