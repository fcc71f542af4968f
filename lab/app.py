"""The real app, deployed by a lab into a namespace of its own.

A lab applies the cluster's overlay (deploy/k8s/overlays/<provider>) with the labs'
component (deploy/k8s/components/lab: a NodePort the cluster picks) through a small
kustomization in the lab's work directory, which renames the namespace and labels
everything `lab.notebook=NAME`. So labs never collide with each other or with the
`taskapp` namespace a reader deploys by hand, and what a lab left is found by its label.
"""

import os
from pathlib import Path

import yaml

from lab import notebook
from lab.cluster import commands
from lab.notebook import LABEL
from lab.notebook.cluster import namespace
from lab.paths import ROOT

K8S = ROOT / "deploy" / "k8s"


def kustomization(name: str, components: tuple[str, ...] = ()) -> Path:
    """Write kustomization.yaml into notebook NAME's work directory: the overlay of the
    running cluster's provider, the labs' component and COMPONENTS (names under
    deploy/k8s/components), in NAME's namespace. Returns the directory, for `kubectl apply -k`."""
    directory = notebook.directory(name) / "app"  # the clean-up removes it with the rest
    directory.mkdir(parents=True, exist_ok=True)
    provider = commands.running() or "local"  # the overlays differ only by name today

    def relative(path: Path) -> str:  # kustomize refuses absolute paths to other roots
        return os.path.relpath(path, directory)

    document = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": namespace(name),
        "labels": [{"pairs": {LABEL: name}}],
        "resources": [relative(K8S / "overlays" / provider)],
        "components": [relative(K8S / "components" / c) for c in ("lab", *components)],
    }
    (directory / "kustomization.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return directory
