"""A BuildKit build that reports, step by step, which layers came from the cache.

`docker build --progress=plain` prints every step as `#N [stage i/n] INSTRUCTION`
and then `#N CACHED` when the layer was reused, or `#N DONE 12.3s` when it ran. It
also says how much of the build context it transferred (`transferring context:
41.47kB`): BuildKit sends only the files the Dockerfile's COPY and ADD name, minus
what .dockerignore excludes, and only what changed since the last build of the same
directory.

`docker history` lists an image's layers with its base image's below them; own_history()
keeps the image's own, which read the same whatever the base (official or look-alike).
"""

import json
import re
import shlex
import time
from dataclasses import dataclass
from pathlib import Path

from lab import run
from lab.docker import docker
from lab.errors import LabError

_STEP = re.compile(r"^#(\d+) \[([^\]]+)\] (.+)$")
_CACHED = re.compile(r"^#(\d+) CACHED$")
_DONE = re.compile(r"^#(\d+) DONE ([\d.]+)s$")
_CONTEXT = re.compile(r"^#\d+ transferring context: ([\d.]+)([kMG]?B)\b")
_UNITS = {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}  # BuildKit writes decimal units
# Seconds one build may take: a cold build of the app's image installs its Python packages
# over the network on two cores.
BUILD_TIMEOUT = 1800


@dataclass
class Step:
    stage: str  # "builder 4/4", or "3/5" in a one-stage Dockerfile
    instruction: str
    cached: bool = False
    seconds: float = 0.0


@dataclass
class Build:
    seconds: float
    steps: list[Step]
    context_bytes: int = 0  # what BuildKit transferred of the build context

    def step(self, text: str) -> Step:
        """The one step whose instruction contains TEXT."""
        found = [step for step in self.steps if text in step.instruction]
        if len(found) != 1:
            raise LabError(f"{len(found)} build steps contain {text!r}, expected exactly one")
        return found[0]

    def show(self) -> None:
        """One line a step: CACHED or RUN, the stage and the instruction (shortened)."""
        for step in self.steps:
            state = "cached" if step.cached else "ran"
            instruction = step.instruction if len(step.instruction) < 60 else step.instruction[:57]
            print(f"{state:<7}{step.stage:<13}{instruction}")
        print(f"build took {self.seconds:.1f} s")


def parse(log: str) -> list[Step]:
    """The instruction steps of a plain-progress log (internal and FROM steps left out)."""
    steps: dict[str, Step] = {}
    for line in log.splitlines():
        if match := _STEP.match(line):
            number, stage, instruction = match.groups()
            if stage != "internal" and not instruction.startswith("FROM "):
                steps.setdefault(number, Step(stage, " ".join(instruction.split())))
        elif (match := _CACHED.match(line)) and match.group(1) in steps:
            steps[match.group(1)].cached = True
        elif (match := _DONE.match(line)) and match.group(1) in steps:
            steps[match.group(1)].seconds = float(match.group(2))
    # BuildKit numbers steps as they start, which varies when stages run in parallel.
    return sorted(steps.values(), key=_position)


def context_bytes(log: str) -> int:
    """Bytes of the build context a plain-progress log says were transferred (the last count)."""
    sizes = [
        round(float(match.group(1)) * _UNITS[match.group(2)])
        for line in log.splitlines()
        if (match := _CONTEXT.match(line))
    ]
    return sizes[-1] if sizes else 0


def _position(step: Step) -> tuple[str, int]:
    """("builder", 4) for "builder 4/5": stages by name, then steps in Dockerfile order."""
    *name, fraction = step.stage.split()
    return " ".join(name), int(fraction.split("/")[0])


def build(context: Path, tag: str, *options: str, dockerfile: Path | None = None) -> Build:
    """Run `docker build --progress=plain`, print the command, return its time and steps."""
    command = ["docker", "build", "--progress=plain", "--tag", tag, *options]
    if dockerfile is not None:
        command += ["--file", str(dockerfile)]
    command.append(str(context))
    print("$", shlex.join(command).replace(str(context), "CONTEXT"))
    start = time.perf_counter()
    result = run.run(
        command,
        purpose=f"building {tag}",
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise LabError(f"building {tag!r} failed:\n{result.stderr[-3000:]}")
    return Build(seconds, parse(result.stderr), context_bytes(result.stderr))


# The PATH Docker and BuildKit give an image that sets none.
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass
class HistoryEntry:
    size: str  # as docker history writes it: 53.4MB, 0B
    instruction: str


def own_entries(image: list[dict], base: list[dict], base_path: str) -> list[HistoryEntry]:
    """The entries of IMAGE's history above its BASE's top one, newest first (both as
    `docker history --format '{{json .}}'` gives them): what the image's own Dockerfile
    added. The base's PATH, which `ENV PATH=...:$PATH` expands into an entry, reads $PATH."""
    own = len(image) - len(base)
    below = [entry["CreatedBy"] for entry in image[own:]]
    if own < 1 or below != [entry["CreatedBy"] for entry in base]:
        raise LabError("the image's history does not end with its base's: built on another base")
    return [
        HistoryEntry(entry["Size"], entry["CreatedBy"].replace(base_path, "$PATH"))
        for entry in image[:own]
    ]


def history(image: str) -> list[dict]:
    """`docker history IMAGE`, newest first, one dict an entry."""
    out = docker("history", "--no-trunc", "--format", "{{json .}}", image, capture=True)
    return [json.loads(line) for line in out.splitlines()]


def image_path(image: str) -> str:
    """The PATH IMAGE's config sets, else the one Docker gives it."""
    env = docker("image", "inspect", "--format", "{{json .Config.Env}}", image, capture=True)
    found = [item.split("=", 1)[1] for item in json.loads(env) or [] if item.startswith("PATH=")]
    return found[0] if found else DEFAULT_PATH


def own_history(image: str, base: str) -> list[HistoryEntry]:
    """IMAGE's history above BASE's: one entry an instruction of IMAGE's Dockerfile."""
    return own_entries(history(image), history(base), image_path(base))
