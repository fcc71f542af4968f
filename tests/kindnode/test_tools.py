"""The kind CLI, crictl and the CNI plugins are built from the modules and versions that
deploy/versions.yaml pins, and say so."""

import subprocess

import pytest

from lab.kindnode import tools
from lab.toolchain import versions
from tests.engine.test_engine_build import dependencies


def run(*argv) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def built() -> dict:
    return tools.build_all()


def test_kind_is_the_pinned_module_version_and_says_so(built):
    pin = versions.component("kind")
    kind = built["kind"] / "kind"
    assert dependencies(kind)[pin["module"]] == pin["version"]
    assert run(str(kind), "version").split()[:2] == ["kind", pin["version"]]


def test_crictl_is_the_pinned_module_version_and_says_so(built):
    pin = versions.component("cri_tools")
    crictl = built["cri_tools"] / "crictl"
    assert dependencies(crictl)[pin["module"]] == pin["version"]
    assert run(str(crictl), "--version").strip() == f"crictl version {pin['version']}"


def test_every_cni_plugin_of_the_node_is_built_from_the_pinned_module(built):
    pin = versions.component("cni_plugins")
    names = sorted(p.name for p in built["cni_plugins"].iterdir() if not p.name.startswith("."))
    assert names == sorted(plugin.rsplit("/", 1)[1] for plugin in tools.CNI_PLUGINS)
    for name in names:
        assert dependencies(built["cni_plugins"] / name)[pin["module"]] == pin["version"], name
