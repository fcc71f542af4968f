"""`make serve` works from a clean clone on a pristine Debian 12, as the README promises.

A container from debian:bookworm-slim (the official image, or the look-alike that
`lab images seed` builds where no registry answers) gets only what the README lists:
Debian's make, git, python3, nodejs and npm (without their recommends). Then
`make serve` runs in a `git clone` of the committed HEAD, and the home page must
answer from inside the container.

Downloads are kept between runs in three Docker volumes (uv's cache, npm's cache and
apt's .deb files; apt is told to keep them), so only the first run is as cold as a new
machine; `docker volume rm` the volumes named in CACHES to measure a cold run again.
Nothing else persists: each run starts from the image, with Debian packages only.
The host's CA bundle variables are passed in for a TLS-intercepting proxy (whose CAs
the look-alike image trusts); a normal machine has none set.

The container and the clone carry the project's `lab.notebook` label and work directory
(lab.notebook), so a run that died halfway is cleaned up by the next one.
"""

import html
import os
import re
import subprocess
import time
from pathlib import Path

import docker
import pytest

from lab import notebook
from lab.docker import image_exists, require_engine
from lab.errors import LabError
from lab.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]
NAME = "pristine-debian"
IMAGE = "debian:bookworm-slim"
README_PACKAGES = "make git python3 nodejs npm"
CACHES = {
    "lab-pristine-debian-uv-cache": "/root/.cache/uv",
    "lab-pristine-debian-npm-cache": "/root/.npm",
    "lab-pristine-debian-apt-archives": "/var/cache/apt/archives",
}
CA_VARIABLES = ("SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS")
SERVE_TIMEOUT = 900  # a cold run downloads about 1 GB and draws every diagram

# Keep downloaded .deb files in the volume (the slim images delete them after each install),
# and let dpkg skip fsync as the official image does (its docker-apt-speedup file).
APT_SPEEDUP = """
rm -f /etc/apt/apt.conf.d/docker-clean
echo 'APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/zz-keep-debs
echo force-unsafe-io > /etc/dpkg/dpkg.cfg.d/docker-apt-speedup
"""
# The clone's copy, where make writes .venv and node_modules: in memory, so that removing
# the container at the end takes seconds.
WORK = "/root/taskapp-lab"

# Asked from inside the container: the home page's status and <title>.
HOME_PAGE = """
import re, urllib.request
try:
    with urllib.request.urlopen("http://127.0.0.1:8000/", timeout=5) as response:
        title = re.search(r"<title>(.*?)</title>", response.read().decode(), re.S)
        print(response.status, title[1].strip() if title else "")
except OSError as error:
    print("down", error)
"""


def site_name() -> str:
    return re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(), re.M)[1]


@pytest.fixture
def container():
    require_engine()
    if not image_exists(IMAGE):
        raise LabError(f"{IMAGE} is missing; get it with 'uv run lab images seed {IMAGE}'")
    notebook.cleanup(NAME)
    clone = notebook.workdir(NAME) / "taskapp-lab"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    client = docker.from_env()
    started = client.containers.run(
        IMAGE,
        ["sleep", "infinity"],
        detach=True,
        labels={notebook.LABEL: NAME},
        shm_size="1g",  # Chromium needs more shared memory than Docker's 64 MB
        tmpfs={WORK: "size=4g,exec"},
        volumes={
            str(clone): {"bind": "/clone", "mode": "ro"},
            **{volume: {"bind": path, "mode": "rw"} for volume, path in CACHES.items()},
        },
        environment={name: os.environ[name] for name in CA_VARIABLES if name in os.environ},
    )
    try:
        yield started
    finally:
        notebook.cleanup(NAME)
        client.close()


def run_in(container, *command: str, detach: bool = False) -> str:
    code, output = container.exec_run(list(command), detach=detach)
    if not detach and code != 0:
        raise LabError(f"{command[-1].strip()!r} failed ({code}):\n{output.decode()[-3000:]}")
    return "" if detach else output.decode()


def sh(container, script: str, detach: bool = False) -> str:
    return run_in(container, "bash", "-c", script, detach=detach)


def test_make_serve_on_pristine_debian_12(container):
    start = time.monotonic()
    sh(container, APT_SPEEDUP)
    sh(
        container,
        "apt-get update -qq && "
        "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "
        f"{README_PACKAGES} >/dev/null",
    )
    apt_seconds = time.monotonic() - start

    # A copy of the clone, so that what make writes stays in the container.
    sh(
        container,
        f"cp -a /clone/. {WORK} && cd {WORK} && "
        "{ make serve > /tmp/serve.log 2>&1; echo $? > /tmp/serve.exit; }",
        detach=True,
    )

    def home_page() -> str | None:
        answer = run_in(container, "python3", "-c", HOME_PAGE).strip()
        if answer.startswith("200 "):
            return answer.removeprefix("200 ")
        stopped = sh(container, "cat /tmp/serve.exit 2>/dev/null || true").strip()
        if stopped:
            # The first errors name the cause; the tail shows where make stopped.
            log = sh(
                container,
                "grep -m 5 -iE 'error|exception' /tmp/serve.log; echo ...; "
                "tail -n 30 /tmp/serve.log",
            )
            raise LabError(f"make serve exited with {stopped} before serving:\n{log}")
        return None

    title = wait_for("the home page of `make serve`", home_page, timeout=SERVE_TIMEOUT, interval=3)
    serve_seconds = time.monotonic() - start - apt_seconds
    assert title == html.escape(site_name())
    print(sh(container, "grep '^== setup:' /tmp/serve.log || true"), end="")
    print(
        f"pristine Debian 12: apt-get install {README_PACKAGES} {apt_seconds:.0f} s, "
        f"then make serve until the home page answered {serve_seconds:.0f} s"
    )
