"""The build cache is the system's for root and the user's own for anyone else, so a
non-root CI runner can build the add-ons and tools without writing to /var/cache."""

import os
import subprocess
import sys

import pytest

from lab.paths import ROOT

NOBODY = 65534


def cache_seen_by(uid: int, env: dict) -> str:
    """lab.cluster.build.CACHE as a real process of user UID computes it."""
    result = subprocess.run(
        [
            "setpriv",
            f"--reuid={uid}",
            f"--regid={uid}",
            "--clear-groups",
            sys.executable,
            "-c",
            "from lab.cluster.build import CACHE; print(CACHE)",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), **env},
    )
    return result.stdout.strip()


@pytest.mark.skipif(os.geteuid() != 0, reason="switching users needs root; CI runs as root")
def test_a_user_other_than_root_builds_into_their_own_cache(tmp_path):
    assert cache_seen_by(NOBODY, {"HOME": str(tmp_path)}) == f"{tmp_path}/.cache/taskapp-lab"
    xdg = tmp_path / "xdg"
    assert cache_seen_by(NOBODY, {"HOME": "/", "XDG_CACHE_HOME": str(xdg)}) == (
        f"{xdg}/taskapp-lab"
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="the system cache is root's")
def test_root_builds_into_the_system_cache_unless_lab_cache_says_otherwise(tmp_path):
    assert cache_seen_by(0, {"HOME": str(tmp_path)}) == "/var/cache/taskapp-lab"
    assert cache_seen_by(0, {"LAB_CACHE": str(tmp_path)}) == str(tmp_path)
