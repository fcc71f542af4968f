"""A checkout works wherever it is: in a folder whose path has spaces, and in one only root
can read (root's home). Every path of `lab` is found from the checkout (lab.paths.ROOT),
and the tests that once switched users to read the build cache run there too."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lab.paths import ROOT

# At the top of the tree, not part of a checkout: history, environments, installed
# packages, build output.
NOT_CHECKED_OUT = {".git", ".venv", ".tools", "node_modules", "build", "site", ".cache"}

WHERE = """
import json, lab
from lab.paths import ROOT
from lab import notebook, provenance
from lab.cluster import addons, images, kind, local
from lab.images import seed
from lab.site import pages
from lab.toolchain import versions
print(json.dumps({
    "lab": lab.__file__,
    "root": str(ROOT),
    "kubernetes": versions.kubernetes(),
    "work": str(notebook.directory("01-x")),
    "found": [str(p) for p in (provenance.NOTEBOOKS, pages.DOCS, seed.RECIPES, kind.CONFIG,
        addons.ADDONS, local.CONFIGS, images.RECIPES, versions.VERSIONS_FILE)],
}))
"""


def checkout_in(folder: Path) -> Path:
    copy = folder / "task app"

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = NOT_CHECKED_OUT if Path(folder) == ROOT else set()
        return {name for name in names if name in top or name == "__pycache__"}

    shutil.copytree(ROOT, copy, ignore=ignore)
    return copy


def python(copy: Path, *args: str) -> subprocess.CompletedProcess:
    """This environment's Python, run from COPY: `lab` is imported from the copy."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LAB_CACHE")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=copy,
        env={**env, "PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(params=["spaces", "root-only"])
def checkout(request, tmp_path) -> Path:
    if request.param == "spaces":
        return checkout_in(tmp_path / "a folder with spaces")
    if os.geteuid() != 0:
        pytest.skip("a folder only root can read needs root (CI runs as root)")
    home = tmp_path / "root home"
    home.mkdir(mode=0o700)
    return checkout_in(home)


def test_every_path_of_lab_is_found_in_the_checkout(checkout):
    result = python(checkout, "-c", WHERE)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["lab"] == str(checkout / "lab" / "__init__.py")
    assert seen["root"] == str(checkout)
    assert seen["kubernetes"].startswith("v1.")
    assert seen["work"] == str(checkout / "build" / "notebooks" / "01-x")
    missing = [path for path in seen["found"] if not Path(path).exists()]
    assert not missing
    assert all(path.startswith(f"{checkout}/") for path in seen["found"])


def test_the_host_tests_of_lab_run_from_the_checkout(checkout):
    """The tests of the build cache (they switched users and failed where the other user could
    not read the checkout), the test layout and the floor, run by pytest from there."""
    tests = ["tests/lab/test_build_cache.py", "tests/repo/test_test_modules.py"]
    tests += ["tests/lab/test_floor.py"]
    result = python(checkout, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout
