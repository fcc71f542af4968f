"""`lab images seed`: look-alike base images that keep the official images' contract."""

import subprocess
import uuid
from pathlib import Path

from lab.cli import main
from lab.images import seed
from tests.docker.conftest import docker


def test_seed_is_a_no_op_when_the_images_exist(capsys):
    assert main(["images", "seed"]) == 0
    out = capsys.readouterr().out
    assert out.count("already present") == len(seed.BASE_IMAGES)


def test_unknown_tag_is_refused_with_the_known_ones(capsys):
    assert main(["images", "seed", "node:20"]) == 1
    err = capsys.readouterr().err
    assert "'node:20'" in err and "python:3.11-slim-bookworm" in err


def test_postgres_lookalike_runs_as_uid_999_and_answers_pg_isready():
    name = "lab-seed-pg-test"
    docker("rm", "--force", "--volumes", name, check=False)  # PGDATA is a VOLUME
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
        volumes = docker("inspect", "--format", "{{range .Mounts}}{{.Name}} {{end}}", name)
    finally:
        docker("rm", "--force", "--volumes", name, check=False)  # PGDATA is a VOLUME
    for volume in volumes.stdout.split():  # the anonymous volume went with the container
        assert docker("volume", "inspect", volume, check=False).returncode != 0


def test_python_lookalike_has_python_and_venv_on_path():
    script = "python --version && python -m venv /tmp/v && /tmp/v/bin/pip --version"
    out = docker("run", "--rm", "python:3.11-slim-bookworm", "sh", "-c", script).stdout
    assert out.startswith("Python 3.11")


def make_ca(path: Path) -> Path:
    """A self-signed CA for one test run; its key stays in the test's temporary folder."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            str(path.with_suffix(".key")),
            "-out",
            str(path),
            "-days",
            "1",
            "-subj",
            f"/CN=lab seed test {path.stem}",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ],
        capture_output=True,
        check=True,
    )
    return path


def test_the_base_lookalike_trusts_the_cas_of_the_folder_it_was_given(tmp_path):
    """A TLS-intercepting proxy's CAs, put where Debian keeps extra CAs, reach the image."""
    ca_dir = tmp_path / "ca-certificates"
    ca_dir.mkdir()
    trusted = make_ca(ca_dir / "throwaway-proxy-ca.crt")
    stranger = make_ca(tmp_path / "stranger-ca.crt")  # never in the folder: the control
    tag = f"lab-seed-ca-test:{uuid.uuid4().hex[:8]}"
    try:
        seed.import_rootfs(tag, ca_dir)

        def verify(cert: Path) -> subprocess.CompletedProcess:
            mount = f"{cert}:/tmp/{cert.name}:ro"
            command = ["openssl", "verify", f"/tmp/{cert.name}"]
            return docker("run", "--rm", "--volume", mount, tag, *command, check=False)

        accepted = verify(trusted)
        assert accepted.returncode == 0, accepted.stdout + accepted.stderr
        assert verify(stranger).returncode != 0
    finally:
        docker("rmi", "--force", tag, check=False)
