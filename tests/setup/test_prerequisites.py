"""scripts/setup.sh stops at once, with one line, when a tool it does not install is too old.

Each test runs the real script in a copy of the files it reads, with a PATH holding only
the basic commands and fake `node`/`npm`/`go` that print the version under test.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GO_MODS = ["tools/docker-plugins/go.mod", "deploy/images/pause/go.mod"]
BASICS = ["bash", "sed", "sort", "head", "tail", "cut", "dirname", "python3"]


def go_needed() -> str:
    """The newest `go` line of the go.mod files: what Compose, buildx and the cluster build need."""
    versions = [
        line.split()[1]
        for mod in GO_MODS
        for line in (ROOT / mod).read_text().splitlines()
        if line.startswith("go ")
    ]
    return max(versions, key=lambda v: tuple(int(part) for part in v.split(".")))


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of setup.sh and the go.mod files it reads: nothing the script could install into."""
    copy = tmp_path / "tree"
    for name in ["scripts/setup.sh", *GO_MODS]:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, copy / name)
    return copy


@pytest.fixture
def path(tmp_path):
    """Build a PATH of the basic commands plus fake tools {name: what its version query prints}."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in BASICS:
        (bin_dir / name).symlink_to(shutil.which(name))

    def with_tools(**fakes: str) -> str:
        for name, output in fakes.items():
            fake = bin_dir / name
            fake.write_text(f"#!/bin/sh\necho '{output}'\n")
            fake.chmod(0o755)
        return str(bin_dir)

    return with_tools


def setup(tree: Path, path: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(tree / "scripts/setup.sh"), *args],
        env={"PATH": path, "HOME": str(tree)},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_node_older_than_debian_12s_stops_with_one_line(tree, path):
    result = setup(tree, path(node="v16.20.2", npm="8.19.4"), "check", "site")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "setup: Node.js 16.20.2 is too old; the site's npm packages need Node.js >= 18: "
        "apt-get install nodejs npm (Debian 12 has 18)"
    ]


def test_debian_12s_node_is_enough(tree, path):
    result = setup(tree, path(node="v18.19.0", npm="9.2.0"), "check", "site")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_missing_npm_names_the_debian_packages(tree, path):
    result = setup(tree, path(node="v18.19.0"), "check", "site")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "setup: Node.js and npm are missing; the site's diagrams need Mermaid from npm: "
        "apt-get install nodejs npm"
    ]


def test_debian_12s_go_stops_with_one_line(tree, path):
    result = setup(tree, path(go="go version go1.19.8 linux/amd64"), "check", "docker")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "setup: Go 1.19.8 is too old; the Docker engine, Compose, buildx and the local "
        f"cluster need Go >= {go_needed()}: install it from https://go.dev/dl and put its bin/ "
        "first on PATH"
    ]


def test_missing_go_says_where_it_comes_from(tree, path):
    result = setup(tree, path(), "check", "docker")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(
        "setup: Go is missing; the Docker engine, Compose, buildx and the local"
    )
    assert f"Go >= {go_needed()}: install it from https://go.dev/dl" in result.stderr


def test_go_of_the_go_mod_version_is_enough(tree, path):
    result = setup(tree, path(go=f"go version go{go_needed()} linux/amd64"), "check", "docker")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("part", ["all", "docker"])
def test_setup_checks_before_installing_anything(tree, path, part):
    """`make test` runs `setup.sh all`: an old Go stops it before any download or apt-get."""
    fakes = path(node="v18.19.0", npm="9.2.0", go="go version go1.19.8 linux/amd64")
    result = setup(tree, fakes, part)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("setup: Go 1.19.8 is too old;")
    assert len(result.stderr.splitlines()) == 1


def test_site_checks_node_before_installing_anything(tree, path):
    """`make serve` runs `setup.sh site`."""
    result = setup(tree, path(node="v16.20.2", npm="8.19.4"), "site")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("setup: Node.js 16.20.2 is too old;")


def test_a_docker_engine_with_both_plugins_needs_no_go_to_build_an_image(tree, path):
    """`make image` on a laptop's own Docker (`docker info`, `docker compose version` and
    `docker buildx version` answer): nothing to build from source, so no Go needed."""
    result = setup(tree, path(docker="answers"), "check", "docker")
    assert result.returncode == 0, result.stderr


def test_the_test_suite_still_needs_go_beside_a_docker_engine(tree, path):
    result = setup(tree, path(docker="answers", node="v18.19.0", npm="9.2.0"), "check", "all")
    assert result.returncode == 1
    assert result.stderr.startswith("setup: Go is missing")
