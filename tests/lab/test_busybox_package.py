"""The load generator's and the storage helper's images take busybox from Debian's
busybox-static package, wherever the release puts it: /bin up to Debian 12, /usr/bin since 13.

A stand-in `apt-get download` builds a real package with dpkg-deb, laid out as each
release lays it out; the real dpkg-deb unpacks it.
"""

import os

import pytest

from lab.cluster import images

APT_GET = """#!/bin/sh
dpkg-deb --root-owner-group --build "$LAB_PACKAGE_TREE" busybox-static_1.37.0-6_amd64.deb >/dev/null
"""
CONTROL = """Package: busybox-static
Version: 1:1.37.0-6
Architecture: amd64
Maintainer: Nobody <nobody@example.org>
Description: stand-in with the real package's layout
"""


@pytest.mark.parametrize("inside", ["bin/busybox", "usr/bin/busybox"], ids=["debian12", "debian13"])
def test_busybox_is_taken_from_where_the_package_puts_it(tmp_path, monkeypatch, inside):
    tree = tmp_path / "package"
    (tree / "DEBIAN").mkdir(parents=True)
    (tree / "DEBIAN" / "control").write_text(CONTROL)
    (tree / inside).parent.mkdir(parents=True)
    (tree / inside).write_bytes(b"\x7fELF stand-in busybox")
    (tree / inside).chmod(0o755)
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "apt-get").write_text(APT_GET)
    (tmp_path / "bin" / "apt-get").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    monkeypatch.setenv("LAB_PACKAGE_TREE", str(tree))
    monkeypatch.setenv("LAB_CACHE", str(tmp_path / "cache"))
    found = images.busybox_dir()
    assert (found / "busybox").read_bytes() == b"\x7fELF stand-in busybox"
    assert not (tmp_path / "cache" / "busybox" / "deb").exists()  # the unpacked package is gone
