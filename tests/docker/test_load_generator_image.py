"""The load generator's image is built by Docker alone, for the node's platform: its build
stages run on this machine's own platform and cross-compile (Go) or unpack the target's
package (busybox), so an arm64 image comes out of an amd64 machine without emulation."""

import pytest

from lab.cluster import images

# ELF's e_machine for each platform (the System V ABI's processor supplements).
MACHINES = {"linux/amd64": 62, "linux/arm64": 183}


def elf_header(path) -> dict:
    head = path.read_bytes()[:20]
    assert head[:4] == b"\x7fELF", f"{path} is no ELF file"
    return {
        "class": head[4],  # 2: 64-bit
        "little_endian": head[5] == 1,
        "machine": int.from_bytes(head[18:20], "little"),
    }


@pytest.mark.parametrize("platform", list(MACHINES))
def test_the_binaries_are_built_for_the_platform_asked(tmp_path, platform):
    image = images.addon_recipe("vegeta")
    images.build_self_contained(image, platform, "--output", f"type=local,dest={tmp_path}")
    for binary in ("vegeta", "busybox"):
        header = elf_header(tmp_path / "bin" / binary)
        assert header == {"class": 2, "little_endian": True, "machine": MACHINES[platform]}
    assert (tmp_path / "bin" / "sh").readlink().name == "busybox"  # the pods' shell


def test_a_platform_without_a_build_is_refused():
    with pytest.raises(images.LabError, match="no build for 'linux/s390x'"):
        images.build_command(images.addon_recipe("vegeta"), "linux/s390x")
