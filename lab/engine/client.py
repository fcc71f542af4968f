"""The docker CLI the project's commands use: the project's own where it runs its engine,
and in any case a client at or above the floor.

An old client still talks to a new engine, but a 20.10 client builds with the legacy
builder without a word, so the client's version is checked as the engine's is.
"""

import shutil
from pathlib import Path

from lab import run
from lab.engine import floor
from lab.errors import LabError
from lab.paths import TOOLS_BIN

LINK = TOOLS_BIN / "docker"


def use_ours(cli_dir: Path) -> Path:
    """Put the project's CLI first on PATH: TOOLS_BIN/docker, a link to the built one."""
    TOOLS_BIN.mkdir(parents=True, exist_ok=True)
    target = cli_dir / "docker"
    if LINK.is_symlink() and LINK.resolve() == target.resolve():
        return LINK
    LINK.unlink(missing_ok=True)
    LINK.symlink_to(target)
    return LINK


def version(docker: str) -> str:
    """What `DOCKER --version` names: `29.8.1` of `Docker version 29.8.1, build ...`."""
    out = run.run([docker, "--version"], purpose="asking the docker CLI its version", timeout=30)
    words = out.stdout.replace(",", " ").split()
    return words[2] if len(words) > 2 and words[:2] == ["Docker", "version"] else out.stdout.strip()


def require_recent() -> str:
    """The docker CLI on PATH (the lab puts TOOLS_BIN first) and its version; LabError when
    there is none or it is older than the floor."""
    docker = shutil.which("docker")
    if docker is None:
        raise LabError("no docker CLI on PATH: run 'make setup', which installs the project's")
    found = version(docker)
    major = floor.major(found)
    if major is None or major < floor.FLOOR:
        raise LabError(
            f"the docker CLI at {docker} is {found}, older than {floor.FLOOR}: it would build "
            "with the legacy builder; upgrade it, or remove it and run 'make setup' again"
        )
    return f"docker CLI {found} at {docker}"
