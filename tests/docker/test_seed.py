"""`lab images seed`: look-alike base images that keep the official images' contract."""

import subprocess
from pathlib import Path

from lab.cli import main
from tests.docker.conftest import docker

HOST_CAS = sorted(Path("/usr/local/share/ca-certificates").glob("*.crt"))


def test_seed_is_a_no_op_when_the_images_exist(capsys):
    assert main(["images", "seed"]) == 0
    out = capsys.readouterr().out
    assert out.count("already present") == 3


def test_unknown_tag_is_refused_with_the_known_ones(capsys):
    assert main(["images", "seed", "node:20"]) == 1
    err = capsys.readouterr().err
    assert "'node:20'" in err and "python:3.11-slim-bookworm" in err


def test_postgres_lookalike_runs_as_uid_999_and_answers_pg_isready():
    name = "lab-seed-pg-test"
    docker("rm", "--force", name, check=False)
    docker(
        "run",
        "--detach",
        "--name",
        name,
        "--env",
        "POSTGRES_PASSWORD=pw",
        "--env",
        "POSTGRES_DB=probe",
        "postgres:15-bookworm",
    )
    try:
        ready = subprocess.run(
            [
                "docker",
                "exec",
                name,
                "sh",
                "-c",
                "for i in $(seq 60); do pg_isready -q -d probe && exit 0; sleep 0.5; done; exit 1",
            ],
            check=False,
        )
        assert ready.returncode == 0
        uid = docker("exec", name, "sh", "-c", "stat -c %u /proc/1").stdout.strip()
        assert uid == "999"
        assert (
            docker("exec", name, "printenv", "PGDATA").stdout.strip() == "/var/lib/postgresql/data"
        )
    finally:
        docker("rm", "--force", name, check=False)


def test_python_lookalike_has_python_and_venv_on_path():
    script = "python --version && python -m venv /tmp/v && /tmp/v/bin/pip --version"
    out = docker("run", "--rm", "python:3.11-slim-bookworm", "sh", "-c", script).stdout
    assert out.startswith("Python 3.11")


def test_lookalikes_trust_the_hosts_extra_certificates():
    assert HOST_CAS, "this machine has no extra CA to check"
    listed = docker("run", "--rm", "debian:bookworm-slim", "ls", "/etc/ssl/certs").stdout.split()
    for cert in HOST_CAS:
        assert f"{cert.stem}.pem" in listed
