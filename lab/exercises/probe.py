"""What the reader's engine says about an exercise's images, containers and Compose projects.
Each question answers within seconds; none of them changes anything but throwaway containers."""

import json
import tarfile

from lab import run
from lab.docker import ENGINE_TIMEOUT

# A throwaway container of an exercise's image: start, one short command, gone.
RUN_TIMEOUT = 60


def _docker(*args: str, timeout: float = ENGINE_TIMEOUT) -> tuple[int, str]:
    result = run.run(
        ["docker", *args], purpose="checking an exercise", timeout=timeout, check=False
    )
    return result.returncode, (result.stdout or "") + (result.stderr or "")


def image(tag: str) -> dict | None:
    """`docker image inspect TAG`, or None when the engine has no such image."""
    code, out = _docker("image", "inspect", tag)
    return json.loads(out)[0] if code == 0 else None


def layers(info: dict) -> list[str]:
    """The image's layers, bottom first, by the digest of their content."""
    return info["RootFS"].get("Layers", [])


def run_image(tag: str, *command: str, entrypoint: str | None = None) -> tuple[int, str]:
    """Run COMMAND in a throwaway container of TAG: its exit code and output."""
    options = ["--entrypoint", entrypoint] if entrypoint else []
    return _docker("run", "--rm", "--network", "none", *options, tag, *command, timeout=RUN_TIMEOUT)


def paths(tag: str) -> set[str]:
    """Every path in TAG's filesystem (from `docker export` of a container never started), so
    an image without a shell is read too."""
    code, container = _docker("create", tag)
    if code != 0:
        return set()
    container = container.strip().splitlines()[-1]
    purpose = f"listing the files of {container}"
    export = run.start(
        ["docker", "export", container], purpose=purpose, timeout=RUN_TIMEOUT, stdout=run.PIPE
    )
    try:
        with tarfile.open(fileobj=export.stdout, mode="r|") as stream:
            names = {"/" + member.name.strip("/") for member in stream}
    finally:
        export.stop(grace=5)
        _docker("rm", "--force", container)
    return names


def project_containers(project: str) -> dict[str, dict]:
    """The running containers of Compose project PROJECT, by service name."""
    label = f"label=com.docker.compose.project={project}"
    code, ids = _docker("ps", "--quiet", "--filter", label)
    if code != 0 or not ids.split():
        return {}
    code, out = _docker("container", "inspect", *ids.split())
    containers = json.loads(out) if code == 0 else []
    return {c["Config"]["Labels"].get("com.docker.compose.service", ""): c for c in containers}


def exec_in(container: dict, *command: str) -> tuple[int, str]:
    """Run COMMAND inside a running container: its exit code and output."""
    return _docker("exec", container["Id"], *command, timeout=RUN_TIMEOUT)


def network(name: str) -> dict:
    """`docker network inspect NAME` (a container's networks exist while it runs)."""
    code, out = _docker("network", "inspect", name)
    return json.loads(out)[0] if code == 0 else {}
