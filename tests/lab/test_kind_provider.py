"""The kind provider runs the right commands. kind can't run on a machine with no registry,
so a recording stand-in takes the place of the `kind` and `kubectl` binaries here; the
GitHub Actions workflow runs the real thing."""

import socket

import pytest
import yaml

from lab.cluster import commands, kind, kindconfig, kindnet
from lab.errors import LabError
from lab.net import free_port
from lab.toolchain import versions
from tests.cluster.clusterlib import lab
from tests.lab.image_formats import (
    CLASSIC_INSPECT,
    CONFIG_DIGEST,
    CONTAINERD_INSPECT,
    MANIFEST_DIGEST,
    crictl_images,
    fake_docker,
)

KIND = """#!/bin/sh
echo "kind $*" >> "$LAB_RECORD"
case "$1 $2" in
  "get clusters") cat "$LAB_KIND_CLUSTERS" 2>/dev/null ;;
  "create cluster")
    echo lab > "$LAB_KIND_CLUSTERS"
    echo "$KIND_EXPERIMENTAL_DOCKER_NETWORK" > "$LAB_FAKE/kind-network"
    for arg in "$@"; do
      case "$arg" in --config=*) cp "${arg#--config=}" "$LAB_FAKE/kind-config.yaml" ;; esac
    done ;;
  "delete cluster") rm -f "$LAB_KIND_CLUSTERS" ;;
esac
exit 0
"""
KUBECTL = """#!/bin/sh
echo "kubectl $*" >> "$LAB_RECORD"
"""


@pytest.fixture
def record(tmp_path, monkeypatch):
    """Put the stand-ins first on PATH (docker's answers as the classic image store gives
    them); return a function that reads what they were asked."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_docker(tmp_path, CLASSIC_INSPECT)
    monkeypatch.setenv("LAB_FAKE", str(tmp_path))
    for name, script in (("kind", KIND), ("kubectl", KUBECTL)):
        (bin_dir / name).write_text(script)
        (bin_dir / name).chmod(0o755)
    log = tmp_path / "record"
    monkeypatch.setenv("PATH", f"{bin_dir}:{__import__('os').environ['PATH']}")
    monkeypatch.setenv("LAB_RECORD", str(log))
    monkeypatch.setenv("LAB_KIND_CLUSTERS", str(tmp_path / "clusters"))
    # A real kind cluster (the workflow's) holds 30080: check a port that is free here.
    monkeypatch.setattr(kind, "APP_NODE_PORT", free_port())
    # The network is taken as made (kindnet's own tests check how); the host as this one.
    monkeypatch.setattr(kindnet, "ensure", lambda: kindnet.NETWORK)
    monkeypatch.setattr(kindconfig, "this_host", lambda: kindconfig.Host(True, False))
    monkeypatch.delenv(kind.NAME_VARIABLE, raising=False)
    return lambda: log.read_text().splitlines() if log.exists() else []


def created(calls: list[str]) -> str:
    return next(call for call in calls if call.startswith("kind create cluster"))


def test_up_creates_the_cluster_from_the_config_and_installs_metrics_server(record, tmp_path):
    kind.up()
    calls = record()
    image = versions.component("kind")["node_image"]
    assert created(calls).startswith("kind create cluster --config=")
    assert created(calls).endswith(f" --image={image} --wait=120s")
    config = yaml.safe_load((tmp_path / "kind-config.yaml").read_text())
    base = yaml.safe_load(kind.CONFIG.read_text())
    assert config == kindconfig.render(
        base, name="lab", host=kindconfig.Host(True, False), look_alike=False, app_port=True
    )
    assert (tmp_path / "kind-network").read_text().strip() == kindnet.NETWORK
    addon = kind.CONFIG.parents[1] / "addons" / "metrics-server.yaml"
    assert f"kubectl --context=kind-lab apply --server-side -f {addon}" in calls
    assert "kubectl --context=kind-lab top node" in calls
    assert calls.index(f"kubectl --context=kind-lab apply --server-side -f {addon}") > calls.index(
        created(calls)
    )


def test_without_the_official_image_up_uses_the_look_alike_and_writes_a_cni_config(
    record, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(kind, "image_exists", lambda image: False)
    monkeypatch.setattr(kind, "registry_serves", lambda image: False)
    monkeypatch.setattr(kind.look_alike, "provide", lambda: "taskapp-lab/kind-node:v0-test")
    monkeypatch.setattr(kind, "_pod_cidrs", lambda: {"lab-control-plane": "198.18.160.0/24"})
    kind.up()
    calls = record()
    assert created(calls).endswith(" --image=taskapp-lab/kind-node:v0-test")  # no --wait
    config = yaml.safe_load((tmp_path / "kind-config.yaml").read_text())
    assert config["networking"]["disableDefaultCNI"] is True
    cni = f"docker exec -i lab-control-plane cp /dev/stdin {kind.CNI_CONFIG}"
    assert calls.index(cni) > calls.index(created(calls))
    official = versions.component("kind")["node_image"].split("@")[0]
    assert f"{official} can't be pulled here: using the look-alike" in capsys.readouterr().err


def test_a_cluster_named_apart_maps_no_port_and_leaves_the_app_port_alone(record, tmp_path):
    kind.up()  # the lab's own first: it maps the port
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind(("127.0.0.1", kind.APP_NODE_PORT))
        taken.listen()
        __import__("os").environ[kind.NAME_VARIABLE] = "lab-beside"
        try:
            kind.up()
        finally:
            del __import__("os").environ[kind.NAME_VARIABLE]
    config = yaml.safe_load((tmp_path / "kind-config.yaml").read_text())
    assert config["name"] == "lab-beside"
    assert "extraPortMappings" not in config["nodes"][0]


def test_up_twice_creates_once_and_keeps_the_add_ons(record, capsys):
    kind.up()
    kind.up()
    assert sum(call.startswith("kind create") for call in record()) == 1
    assert "already up; nothing to create" in capsys.readouterr().err


def kind_calls(calls: list[str]) -> list[str]:
    return [call for call in calls if call.startswith("kind ")]


def test_load_hands_the_image_to_kind_load(record):
    kind.load("taskapp:1.0.0")
    assert kind_calls(record()) == ["kind load docker-image --name=lab taskapp:1.0.0"]


def test_load_from_the_containerd_store_saves_this_platform_alone(record, tmp_path):
    """`kind load docker-image` fails on a pulled multi-platform image there (kind #3795)."""
    fake_docker(tmp_path, CONTAINERD_INSPECT)
    kind.load("postgres:15-bookworm")
    calls = record()
    saved = next(call for call in calls if call.startswith("docker save"))
    archive = saved.split("--output ")[1].split()[0]
    assert saved == f"docker save --platform linux/amd64 --output {archive} postgres:15-bookworm"
    assert kind_calls(calls) == [f"kind load image-archive --name=lab {archive}"]


def test_the_loaded_image_is_found_by_name_in_the_whole_list(record):
    """containerd's CRI lists every image whatever name crictl passes."""
    assert kind.loaded_id("taskapp:1.0.0") == CONFIG_DIGEST
    assert kind.loaded_id("docker.io/library/taskapp:1.0.0") == CONFIG_DIGEST
    assert kind.loaded_id("taskapp:1.0.1") is None
    # What a pod's imageID says after `kind load`: the digest name of the import.
    assert kind.loaded_id(f"docker.io/library/import-2026-12-07@{MANIFEST_DIGEST}") == CONFIG_DIGEST


@pytest.fixture
def on_kind(record, monkeypatch):
    """`lab images` commands with kind as the running provider."""
    monkeypatch.setattr(commands, "_running_provider", lambda: kind)
    return record


@pytest.mark.parametrize(
    "inspect", [CLASSIC_INSPECT, CONTAINERD_INSPECT], ids=["classic", "containerd"]
)
def test_loading_an_image_the_node_has_does_nothing(on_kind, tmp_path, inspect, capsys):
    fake_docker(tmp_path, inspect)
    commands.load(["taskapp:1.0.0"])
    assert kind_calls(on_kind()) == []
    assert "already in the cluster; nothing to do" in capsys.readouterr().err


def test_loading_another_image_loads_it(on_kind, tmp_path):
    fake_docker(tmp_path, CLASSIC_INSPECT, crictl_images(taskapp_id="sha256:" + "9" * 64))
    commands.load(["taskapp:1.0.0"])
    assert kind_calls(on_kind()) == ["kind load docker-image --name=lab taskapp:1.0.0"]


def test_unloading_an_absent_image_does_nothing(on_kind, capsys):
    commands.unload(["taskapp:1.0.1"])
    assert not any("crictl rmi" in call for call in on_kind())
    assert "'taskapp:1.0.1' is not in the cluster; nothing to do" in capsys.readouterr().err


def test_available_asks_the_registry_and_never_pulls_the_node_image(record, monkeypatch):
    monkeypatch.setattr(kind, "image_exists", lambda image: False)
    assert kind.available()
    image = versions.component("kind")["node_image"]
    docker_calls = [call for call in record() if call.startswith("docker ")]
    assert docker_calls == [f"docker manifest inspect {image}"]


def test_down_deletes_the_cluster_by_name(record):
    kind.up()
    kind.down()
    assert kind_calls(record())[-1] == "kind delete cluster --name=lab"
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
