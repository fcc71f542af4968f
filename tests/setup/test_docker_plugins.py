"""Compose and buildx are built against the project's docker CLI: the docker/cli release
deploy/versions.yaml pins, and the moby/moby API modules that release's vendor.mod names.

The go.mod that pins them is read as Go reads it; the plugins the `docker` on PATH runs
are read from their Go build info (`go version -m`), so a plugin built before the pin
changed, or by someone else, fails too.
"""

import json
import subprocess

import pytest

from lab.engine import build as engine
from lab.paths import ROOT
from lab.toolchain import build, versions
from tests.engine.test_engine_build import dependencies

PLUGINS_MOD = ROOT / "tools" / "docker-plugins" / "go.mod"
CLI = "github.com/docker/cli"
# The modules the plugins talk to the engine with.
API_MODULES = ["github.com/moby/moby/api", "github.com/moby/moby/client"]
# Each plugin: its module in tools/docker-plugins/go.mod.
PLUGINS = {"compose": "github.com/docker/compose/v5", "buildx": "github.com/docker/buildx"}


def pinned_cli() -> str:
    return versions.component("docker_cli")["version"]


def cli_vendor_mod() -> dict[str, str]:
    """The modules the pinned docker/cli release requires, by its vendor.mod."""
    source = build.module_source("docker_cli")
    return engine.requires_of(engine.read_vendor_mod(source / "vendor.mod"))


def plugins_mod() -> dict[str, str]:
    return engine.requires_of(engine.read_vendor_mod(PLUGINS_MOD))


def plugin_path(name: str) -> str:
    """Where the `docker` on PATH finds plugin NAME (its client info needs no daemon)."""
    result = subprocess.run(
        ["docker", "info", "--format", "{{json .ClientInfo.Plugins}}"],
        capture_output=True,
        text=True,
        timeout=60,  # the client lists its plugin folders; no daemon needed
        check=False,
    )
    found = {plugin["Name"]: plugin["Path"] for plugin in json.loads(result.stdout or "[]")}
    assert name in found, f"docker has no {name} plugin: run scripts/install-docker-plugins.sh"
    return found[name]


def test_the_plugins_module_pins_the_projects_docker_cli_and_its_api_modules():
    pinned = plugins_mod()
    assert pinned[CLI] == pinned_cli()
    wanted = cli_vendor_mod()
    assert {api: pinned[api] for api in API_MODULES} == {api: wanted[api] for api in API_MODULES}


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_the_plugin_docker_runs_is_built_against_the_projects_docker_cli(name):
    built = dependencies(plugin_path(name))
    assert built[CLI] == pinned_cli()
    wanted = cli_vendor_mod()
    assert {api: built[api] for api in API_MODULES} == {api: wanted[api] for api in API_MODULES}
    module = PLUGINS[name]
    assert built.get(module) == plugins_mod()[module], f"{name} is not {module} as pinned"
