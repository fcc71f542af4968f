"""`lab cluster up`'s steps on the host, before a provider starts a node, need Docker, kind
and kubectl alone: no go, apt-get nor ss. A PATH holds stand-ins for those three (each
records what it was asked) and a few basic tools, nothing else; the real checks and the
image's build planning run against it."""

import shutil
import socket

import pytest

from lab.cluster import host, images, kind
from lab.net import free_port
from lab.toolchain import versions

# Answers as an engine without the image would: nothing is here (image inspect fails, a
# pull works), it runs on arm64; `save -o PATH` writes PATH.
DOCKER = """#!/bin/sh
echo "docker $*" >> "$LAB_RECORD"
case "$1" in
  image) exit 1 ;;
  version) echo linux/arm64 ;;
  save) touch "$3" ;;
esac
exit 0
"""
KIND = """#!/bin/sh
echo "kind $*" >> "$LAB_RECORD"
if [ "$1" = create ]; then echo lab > "$LAB_KIND_CLUSTERS"; fi
if [ "$1" = get ]; then cat "$LAB_KIND_CLUSTERS" 2>/dev/null; fi
exit 0
"""
KUBECTL = """#!/bin/sh
echo "kubectl $*" >> "$LAB_RECORD"
"""
# What the stand-ins themselves run.
BASIC_TOOLS = ("cat", "touch")
ABSENT = ("go", "apt-get", "apt", "dpkg-deb", "ss")


@pytest.fixture
def bare_path(tmp_path, monkeypatch):
    """PATH: the stand-ins and BASIC_TOOLS; returns a function that reads what was asked."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, script in (("docker", DOCKER), ("kind", KIND), ("kubectl", KUBECTL)):
        (bin_dir / name).write_text(script)
        (bin_dir / name).chmod(0o755)
    for tool in BASIC_TOOLS:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(bin_dir))
    for key in ("GOPROXY", "GOFLAGS", "GOSUMDB", "GONOSUMDB"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("GOPROXY", "https://goproxy.example.org")
    monkeypatch.setenv("LAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("LAB_RECORD", str(tmp_path / "record"))
    monkeypatch.setenv("LAB_KIND_CLUSTERS", str(tmp_path / "clusters"))
    monkeypatch.setattr(kind, "APP_NODE_PORT", free_port())
    assert [tool for tool in ABSENT if shutil.which(tool)] == []
    return lambda: (tmp_path / "record").read_text().splitlines()


def test_kind_up_and_the_load_generator_build_need_no_go_apt_or_ss(bare_path):
    kind.up()
    tag = images.addon_image("vegeta")
    calls = bare_path()
    entry = versions.component("vegeta")
    assert tag == entry["image"]
    assert any(call.startswith("kind create cluster") for call in calls)
    (build,) = [call for call in calls if call.startswith("docker build")]
    assert build.split() == [
        "docker",
        "build",
        "--quiet",
        "--platform",
        "linux/arm64",  # the engine's, which the stand-in says is arm64
        "--build-arg",
        f"MODULE={entry['module']}",
        "--build-arg",
        f"VERSION={entry['version']}",
        "--build-arg",
        "GOPROXY=https://goproxy.example.org",  # no go here: taken from the environment
        "--tag",
        tag,
        str(images.RECIPES / "vegeta"),
    ]
    # Its bases are pulled (a registry answers here) before the build.
    pulls = [call for call in calls if call.startswith("docker pull")]
    assert pulls == ["docker pull -q debian:bookworm-slim", "docker pull -q golang:1.26-bookworm"]
    assert calls.index(pulls[-1]) < calls.index(build)
    assert images.build.cache().joinpath("images", "taskapp-lab_vegeta_v12.13.0.tar").exists()


@pytest.mark.parametrize(
    "family,address", [(socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")]
)
def test_a_port_with_a_listener_is_taken_and_a_free_one_is_not(bare_path, family, address):
    with socket.socket(family, socket.SOCK_STREAM) as listener:
        listener.bind((address, 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert host.port_taken(port)
    assert not host.port_taken(port)


def test_a_bound_port_that_does_not_listen_is_free(bare_path):
    """A client's port (bound, never listening) is no listener: ss would not list it either."""
    with socket.socket() as client:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        client.bind(("127.0.0.1", 0))
        assert not host.port_taken(client.getsockname()[1])
