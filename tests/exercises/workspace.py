"""A reader's workspace for an exercise: the start files with one variant laid over them,
applied to the engine as the page tells the reader (build, or `docker compose up`), under a
name of its own, and removed afterwards."""

import secrets
import shutil
import subprocess
import uuid
from pathlib import Path

from lab.paths import ROOT

EXERCISES = ROOT / "exercises"
# The pages whose exercise is a Compose project; the others build images.
COMPOSE_PAGES = {"compose", "containers-vs-vms"}
TIMEOUT = 300


def docker(*args: str, cwd: Path | None = None, env: dict | None = None) -> str:
    result = subprocess.run(
        ["docker", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert result.returncode == 0, f"docker {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout


def variants(page: str) -> list[str]:
    """What the exercise ships: start, solution and each wrong-* attempt."""
    return sorted(p.name for p in (EXERCISES / page).iterdir() if p.is_dir())


class Workspace:
    def __init__(self, page: str, variant: str, tmp: Path, environ: dict):
        self.page = page
        self.name = f"yt-{page}-{variant}-{uuid.uuid4().hex[:6]}"
        self.dir = tmp / "work"
        shutil.copytree(EXERCISES / page / "start", self.dir)
        if variant != "start":
            shutil.copytree(EXERCISES / page / variant, self.dir, dirs_exist_ok=True)
        self.env = dict(environ, POSTGRES_PASSWORD=secrets.token_hex(16))

    def apply(self) -> None:
        if self.page in COMPOSE_PAGES:
            docker("compose", "-p", self.name, "up", "-d", "--wait", cwd=self.dir, env=self.env)
        elif self.page == "images-and-layers":
            docker("build", "-q", "-t", f"{self.name}:v1", ".", cwd=self.dir)
            with (self.dir / "app" / "main.py").open("a") as source:
                source.write('print("a source-only change")\n')
            docker("build", "-q", "-t", f"{self.name}:v2", ".", cwd=self.dir)
        else:
            # The page's setup: a repository and a secrets file beside the Dockerfile.
            subprocess.run(["git", "init", "-q", str(self.dir)], check=True)
            (self.dir / ".env").write_text("API_TOKEN=made-up-for-the-exercise\n")
            docker("build", "-q", "-t", self.name, ".", cwd=self.dir)

    def remove(self) -> None:
        if self.page in COMPOSE_PAGES:
            docker(
                "compose",
                "-p",
                self.name,
                "down",
                "-v",
                "--timeout",
                "1",
                cwd=self.dir,
                env=self.env,
            )
            return
        tags = (
            [f"{self.name}:v1", f"{self.name}:v2"]
            if self.page == "images-and-layers"
            else [self.name]
        )
        subprocess.run(
            ["docker", "image", "rm", "--force", *tags], capture_output=True, timeout=TIMEOUT
        )
