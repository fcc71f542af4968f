"""uv comes from its PyPI wheel, checked against the sha256 pinned in scripts/install-uv.py."""

import importlib.util
import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "install-uv.py"


def load_installer():
    spec = importlib.util.spec_from_file_location("install_uv", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


installer = load_installer()


def pinned_version() -> str:
    return re.search(r"^UV_VERSION=(\S+)$", (ROOT / "scripts/setup.sh").read_text(), re.M)[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_setup_version_has_a_pinned_wheel_per_machine(machine):
    filename, sha256 = installer.wheel_for(pinned_version(), machine)
    assert filename.startswith(f"uv-{pinned_version()}-") and machine in filename
    assert re.fullmatch(r"[0-9a-f]{64}", sha256)


def test_pinned_hashes_are_the_ones_pypi_lists():
    request = urllib.request.Request(
        installer.INDEX, headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        listed = {f["filename"]: f["hashes"]["sha256"] for f in json.load(response)["files"]}
    for filename, sha256 in installer.WHEELS.values():
        assert listed[filename] == sha256, filename


def test_installs_a_working_uv_of_the_pinned_version(tmp_path):
    result = run(pinned_version(), str(tmp_path / "bin"))
    assert result.returncode == 0, result.stderr
    version = subprocess.run([tmp_path / "bin" / "uv", "--version"], capture_output=True, text=True)
    assert version.stdout.split()[:2] == ["uv", pinned_version()]


def test_a_wheel_that_does_not_match_its_pinned_hash_is_not_installed(tmp_path, monkeypatch):
    key = (pinned_version(), installer.platform.machine())
    filename, _ = installer.WHEELS[key]
    monkeypatch.setitem(installer.WHEELS, key, (filename, "0" * 64))
    with pytest.raises(installer.InstallError, match="the pinned one is 0{64}; not installed"):
        installer.install(pinned_version(), tmp_path / "bin")
    assert not (tmp_path / "bin").exists()


def test_a_version_without_pins_stops_with_one_line(tmp_path):
    result = run("0.0.1", str(tmp_path / "bin"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "setup: uv: no pinned uv 0.0.1 wheel for "
        f"{installer.platform.machine()}; add its file name and sha256 to WHEELS in "
        "install-uv.py (they are listed at https://pypi.org/simple/uv/)"
    ]
    assert not (tmp_path / "bin").exists()
