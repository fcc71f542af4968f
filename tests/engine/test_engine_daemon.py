"""The engine's daemon.json and command line: what a fresh install gets, said explicitly,
container addresses only in 198.18.0.0/15, and the project's containerd and runc."""

import ipaddress
import json
import os
import subprocess
from pathlib import Path

from lab.engine import daemon

BENCHMARKING = ipaddress.ip_network("198.18.0.0/15")
PRIVATE = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def test_buildkit_and_the_containerd_image_store_are_on():
    assert daemon.daemon_json()["features"] == {"buildkit": True, "containerd-snapshotter": True}


def test_every_container_address_is_in_the_benchmarking_range():
    config = daemon.daemon_json()
    networks = [ipaddress.ip_interface(config["bip"]).network]
    networks += [ipaddress.ip_network(pool["base"]) for pool in config["default-address-pools"]]
    for network in networks:
        assert network.subnet_of(BENCHMARKING), network
        assert not any(network.overlaps(private) for private in PRIVATE), network
    # The pools must not hand out the default bridge's own subnet again.
    assert not networks[0].overlaps(networks[1])


def test_docker_init_is_debians_tini():
    init = Path(daemon.daemon_json()["init-path"])
    assert init.is_absolute()
    assert subprocess.run([init, "--version"], capture_output=True, text=True).stdout.startswith(
        "tini version"
    )


def validate(dockerd, config):
    """`dockerd --validate` as the engine starts: docker-proxy, beside dockerd, on its PATH."""
    path = os.pathsep.join([str(dockerd.parent), os.environ["PATH"]])
    return subprocess.run(
        [dockerd, "--validate", f"--config-file={config}"],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path},
        timeout=60,
    )


def test_the_built_dockerd_accepts_the_config(dockerd, tmp_path):
    config = tmp_path / "daemon.json"
    daemon.write_config(config)
    assert json.loads(config.read_text()) == daemon.daemon_json()
    result = validate(dockerd, config)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "configuration OK"


def test_the_check_sees_a_misspelt_setting(dockerd, tmp_path):
    """The check above can fail: dockerd refuses a setting it does not know, which it would
    otherwise never apply."""
    config = tmp_path / "daemon.json"
    settings = daemon.daemon_json()
    settings["default-adress-pools"] = settings.pop("default-address-pools")
    config.write_text(json.dumps(settings))
    result = validate(dockerd, config)
    assert result.returncode == 1
    assert "don't match any configuration option: default-adress-pools" in result.stderr


def test_dockerd_runs_on_the_projects_containerd_and_runc(tmp_path):
    bins = {name: tmp_path / name / "bin" for name in ("moby", "containerd", "runc")}
    layout = daemon.Layout(
        socket=tmp_path / "engine.sock",
        data_root=tmp_path / "data",
        exec_root=tmp_path / "exec",
        pidfile=tmp_path / "dockerd.pid",
        config_file=tmp_path / "daemon.json",
    )
    argv = daemon.dockerd_argv(bins, layout, "--iptables=false")
    assert argv == [
        f"{tmp_path}/moby/bin/dockerd",
        f"--config-file={tmp_path}/daemon.json",
        f"--host=unix://{tmp_path}/engine.sock",
        f"--data-root={tmp_path}/data",
        f"--exec-root={tmp_path}/exec",
        f"--pidfile={tmp_path}/dockerd.pid",
        "--iptables=false",
    ]
    path = daemon.environment(bins)["PATH"].split(os.pathsep)
    assert path[:3] == [str(bins[name]) for name in ("moby", "containerd", "runc")]
