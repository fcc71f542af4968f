"""The engine and its CLI are the pinned module versions, stamped with their Engine release."""

import subprocess
from pathlib import Path

from lab.engine import build as engine
from lab.toolchain import build, versions


def run(*argv) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


def dependencies(binary: Path) -> dict[str, str]:
    """The modules compiled into BINARY and their versions, as its Go build info says: the
    main package's module (`mod`) and the others (`dep`)."""
    found: dict[str, str] = {}
    module = ""
    for line in run("go", "version", "-m", str(binary)).splitlines():
        fields = line.split()
        if fields[:1] in (["mod"], ["dep"]):
            module = fields[1]
            found[module] = fields[2]
        elif fields[:1] == ["=>"]:  # the line after a replaced module: the version it got
            found[module] = fields[2]
    return found


def test_dockerd_and_docker_proxy_are_built_from_the_pinned_moby_module(dockerd):
    pin = versions.component("moby")
    for binary in (dockerd, dockerd.with_name("docker-proxy")):
        assert dependencies(binary)[pin["module"]] == pin["version"], binary.name


def test_dockerd_names_the_engine_release_of_its_module(dockerd):
    pin = versions.component("moby")
    release = engine.engine_release(build.module_source("moby"))
    assert run(str(dockerd), "--version").strip() == (
        f"Docker version {release}, build {pin['version']}"
    )


def test_the_cli_is_the_same_engine_release_as_the_daemon():
    assert engine.cli_release(build.module_source("docker_cli")) == engine.engine_release(
        build.module_source("moby")
    )


def test_the_cli_names_its_release(docker_cli):
    release = engine.cli_release(build.module_source("docker_cli"))
    pin = versions.component("docker_cli")["version"]
    assert run(str(docker_cli), "--version").strip() == (
        f"Docker version {release}, build {pin.removesuffix('+incompatible')}"
    )


def test_the_cli_is_built_with_the_dependencies_its_vendor_mod_names(docker_cli):
    vendor_mod = build.module_source("docker_cli") / "vendor.mod"
    wanted = engine.requires_of(engine.read_vendor_mod(vendor_mod))
    built = dependencies(docker_cli)
    shared = set(wanted) & set(built)
    assert {"github.com/moby/moby/client", "github.com/moby/moby/api"} <= shared
    assert len(shared) > 20  # most of the CLI's dependencies, not a couple
    assert {module: built[module] for module in shared} == {
        module: wanted[module] for module in shared
    }
    assert built["github.com/docker/cli"] == versions.component("docker_cli")["version"]
