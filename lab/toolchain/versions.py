"""The pinned versions in deploy/versions.yaml, read by both providers."""

from functools import cache

import yaml

from lab.paths import ROOT

VERSIONS_FILE = ROOT / "deploy" / "versions.yaml"


@cache
def load() -> dict:
    return yaml.safe_load(VERSIONS_FILE.read_text())


def kubernetes() -> str:
    """The Kubernetes version, e.g. `v1.37.2`."""
    return load()["kubernetes"]


def component(name: str) -> dict:
    """One component's entry, e.g. `component("etcd")["version"]`."""
    return load()[name]
