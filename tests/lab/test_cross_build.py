"""An image's binary is built for the node's platform, not the host's: Go gets GOOS and
GOARCH, and the binaries of another platform are kept apart from the host's. A stand-in
`go` records what it was asked and with which GOOS and GOARCH."""

import pytest

from lab.toolchain import build, versions

GO = """#!/bin/sh
echo "GOOS=${GOOS-unset} GOARCH=${GOARCH-unset} go $*" >> "$LAB_RECORD"
if [ "$1" = build ]; then
  while [ "$#" -gt 0 ]; do
    if [ "$1" = -o ]; then mkdir -p "$2"; touch "$2/controller" "$2/speaker"; fi
    shift
  done
fi
exit 0
"""


@pytest.fixture
def go(tmp_path, monkeypatch):
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "go").write_text(GO)
    (tmp_path / "bin" / "go").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    monkeypatch.setenv("LAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("LAB_RECORD", str(tmp_path / "record"))
    monkeypatch.delenv("GOOS", raising=False)
    monkeypatch.delenv("GOARCH", raising=False)
    # A Mac's Go (raising=False: code without host_platform builds for the host alone).
    monkeypatch.setattr(build, "host_platform", lambda: "darwin/arm64", raising=False)
    return lambda: (tmp_path / "record").read_text().splitlines()


def test_a_node_binary_is_cross_compiled_and_kept_apart(go, tmp_path):
    built = build.build_component("metallb", "linux/arm64")
    assert (
        built
        == tmp_path
        / "cache"
        / "metallb"
        / versions.component("metallb")["version"]
        / "bin-linux-arm64"
    )
    assert (built / "controller").exists() and (built / "speaker").exists()
    calls = go()
    assert [call.split(" go ")[1].split()[0] for call in calls] == ["get", "build"]
    assert all(call.startswith("GOOS=linux GOARCH=arm64 go ") for call in calls)


def test_a_host_binary_is_built_as_before(go, tmp_path):
    built = build.build_component("metallb")
    assert (
        built == tmp_path / "cache" / "metallb" / versions.component("metallb")["version"] / "bin"
    )
    assert all(call.startswith("GOOS=unset GOARCH=unset go ") for call in go())
