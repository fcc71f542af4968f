"""The node image is cached by what it holds: a changed pin is a new tag and archive."""

import pytest

from lab.kindnode import image, preload
from lab.toolchain import versions


@pytest.mark.parametrize("changed", ["containerd", "cri_tools", "cni_plugins", "kind"])
def test_a_changed_pin_makes_another_image(monkeypatch, changed):
    before = image.tag(), image.archive()
    real = versions.component

    def component(name: str) -> dict:
        entry = dict(real(name))
        if name == changed:
            entry["version"] = entry["version"] + "-other"
        return entry

    monkeypatch.setattr(versions, "component", component)
    assert image.tag() != before[0]
    assert image.archive() != before[1]


def test_the_tag_names_the_kubernetes_version():
    assert image.tag().startswith(f"{image.REPOSITORY}:{versions.kubernetes()}-")


def test_the_import_containerd_keeps_its_store_in_the_node_tree(tmp_path):
    text = preload.config(tmp_path / "rootfs", tmp_path / "state")
    assert f'root = "{tmp_path / "rootfs/var/lib/containerd"}"' in text
    assert f'address = "{tmp_path / "state/containerd.sock"}"' in text
    assert '"io.containerd.grpc.v1.cri"' in text
