"""Install uv's pinned binary from its PyPI wheel, with nothing but Python's standard library.

    python3 scripts/install-uv.py VERSION DEST_DIR

Debian 12's python3 has no pip, and PEP 668 forbids a system-wide pip install anyway:
the wheel is a zip that holds the static `uv` binary, so it is downloaded, checked
against the sha256 pinned below and unpacked into DEST_DIR. Run by scripts/setup.sh.
"""

import hashlib
import json
import os
import platform
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

INDEX = "https://pypi.org/simple/uv/"

# The manylinux wheel of each pinned version, by machine (`uname -m`), with its sha256
# as PyPI lists it. A new version needs its lines here.
WHEELS = {
    ("0.13.9", "x86_64"): (
        "uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "d7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19",
    ),
    ("0.13.9", "aarch64"): (
        "uv-0.13.9-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64.whl",
        "5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe",
    ),
}


class InstallError(Exception):
    pass


def wheel_for(version: str, machine: str) -> tuple[str, str]:
    try:
        return WHEELS[(version, machine)]
    except KeyError:
        raise InstallError(
            f"no pinned uv {version} wheel for {machine}; add its file name and sha256 to "
            f"WHEELS in {Path(__file__).name} (they are listed at {INDEX})"
        ) from None


def _get(url: str, accept: str = "*/*") -> bytes:
    if not url.startswith("https://"):
        raise InstallError(f"refusing to download {url}: not https")
    request = urllib.request.Request(url, headers={"Accept": accept})  # noqa: S310 - https only
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.read()
    except urllib.error.URLError as error:
        raise InstallError(f"cannot download {url}: {error.reason}") from None


def wheel_url(filename: str) -> str:
    """The download address PyPI's simple index (JSON form, PEP 691) gives for `filename`."""
    index = json.loads(_get(INDEX, accept="application/vnd.pypi.simple.v1+json"))
    for entry in index["files"]:
        if entry["filename"] == filename:
            return entry["url"]
    raise InstallError(f"{INDEX} does not list {filename}")


def verified(data: bytes, filename: str, sha256: str) -> bytes:
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise InstallError(
            f"{filename}: sha256 is {actual}, the pinned one is {sha256}; not installed"
        )
    return data


def unpack_uv(wheel: Path, version: str, dest: Path) -> Path:
    """Copy the `uv` binary out of the wheel into dest, atomically, executable."""
    member = f"uv-{version}.data/scripts/uv"
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / "uv"
    with zipfile.ZipFile(wheel) as archive:
        try:
            binary = archive.read(member)
        except KeyError:
            raise InstallError(f"{wheel.name} has no {member}") from None
    partial = target.with_name(".uv.partial")
    partial.write_bytes(binary)
    partial.chmod(0o755)
    os.replace(partial, target)
    return target


def install(version: str, dest: Path, machine: str | None = None) -> Path:
    filename, sha256 = wheel_for(version, machine or platform.machine())
    data = verified(_get(wheel_url(filename)), filename, sha256)
    with tempfile.TemporaryDirectory(prefix="uv-wheel-") as tmp:
        wheel = Path(tmp) / filename
        wheel.write_bytes(data)
        return unpack_uv(wheel, version, dest)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python3 scripts/install-uv.py VERSION DEST_DIR", file=sys.stderr)
        return 2
    try:
        target = install(argv[0], Path(argv[1]))
    except InstallError as error:
        print(f"setup: uv: {error}", file=sys.stderr)
        return 1
    print(f"Installed uv {argv[0]} in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
