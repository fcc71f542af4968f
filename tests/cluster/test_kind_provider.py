"""The kind provider runs the right commands. kind can't run on a machine with no registry,
so a recording stand-in takes the place of the `kind` and `kubectl` binaries here; the
GitHub Actions workflow runs the real thing."""

import socket

import pytest
from clusterlib import lab

from lab.cluster import kind, versions
from lab.errors import LabError
from lab.net import free_port

KIND = """#!/bin/sh
echo "kind $*" >> "$LAB_RECORD"
case "$1 $2" in
  "get clusters") cat "$LAB_KIND_CLUSTERS" 2>/dev/null ;;
  "create cluster") echo lab > "$LAB_KIND_CLUSTERS" ;;
  "delete cluster") rm -f "$LAB_KIND_CLUSTERS" ;;
esac
exit 0
"""
KUBECTL = """#!/bin/sh
echo "kubectl $*" >> "$LAB_RECORD"
"""


@pytest.fixture
def record(tmp_path, monkeypatch):
    """Put the stand-ins first on PATH; return a function that reads what they were asked."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, script in (("kind", KIND), ("kubectl", KUBECTL)):
        (bin_dir / name).write_text(script)
        (bin_dir / name).chmod(0o755)
    log = tmp_path / "record"
    monkeypatch.setenv("PATH", f"{bin_dir}:{__import__('os').environ['PATH']}")
    monkeypatch.setenv("LAB_RECORD", str(log))
    monkeypatch.setenv("LAB_KIND_CLUSTERS", str(tmp_path / "clusters"))
    # A real kind cluster (the workflow's) holds 30080: check a port that is free here.
    monkeypatch.setattr(kind, "APP_NODE_PORT", free_port())
    return lambda: log.read_text().splitlines() if log.exists() else []


def test_up_creates_the_cluster_from_the_config_and_installs_metrics_server(record):
    kind.up()
    calls = record()
    image = versions.component("kind")["node_image"]
    assert f"kind create cluster --config={kind.CONFIG} --image={image} --wait=120s" in calls
    addon = kind.CONFIG.parents[1] / "addons" / "metrics-server.yaml"
    assert f"kubectl --context=kind-lab apply --server-side -f {addon}" in calls
    assert "kubectl --context=kind-lab top node" in calls
    assert calls.index(f"kubectl --context=kind-lab apply --server-side -f {addon}") > calls.index(
        f"kind create cluster --config={kind.CONFIG} --image={image} --wait=120s"
    )


def test_up_twice_creates_once_and_keeps_the_add_ons(record, capsys):
    kind.up()
    kind.up()
    assert sum(call.startswith("kind create") for call in record()) == 1
    assert "already up; nothing to create" in capsys.readouterr().err


def test_load_hands_the_image_to_kind_load(record):
    kind.load("taskapp:1.0.0")
    assert record() == ["kind load docker-image --name=lab taskapp:1.0.0"]


def test_down_deletes_the_cluster_by_name(record):
    kind.up()
    kind.down()
    assert record()[-1] == "kind delete cluster --name=lab"
    assert not kind.is_up()


def test_up_refuses_when_the_node_port_is_taken(record):
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind(("127.0.0.1", kind.APP_NODE_PORT))
        taken.listen()
        with pytest.raises(LabError, match=f"port {kind.APP_NODE_PORT} is taken"):
            kind.up()
    assert not any(call.startswith("kind create") for call in record())


def test_the_config_pins_the_node_image_of_versions_yaml():
    import yaml

    config = yaml.safe_load(kind.CONFIG.read_text())
    assert config["nodes"][0]["image"] == versions.component("kind")["node_image"]
    assert "@sha256:" in config["nodes"][0]["image"]
    mapping = config["nodes"][0]["extraPortMappings"][0]
    assert (mapping["containerPort"], mapping["hostPort"]) == (30080, 30080)


def test_an_unknown_provider_is_refused():
    result = lab("cluster", "up", "--provider", "minikube", check=False)
    assert result.returncode == 1
    assert "unknown provider 'minikube'; choose one of: kind, local" in result.stderr
