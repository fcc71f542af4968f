"""The taskapp image: what runs in it, as whom, and what it leaves out."""

import json
import subprocess
import time
import uuid

import pytest

from lab.net import http
from tests.docker.conftest import DUMMY_SECRET, VERSION, docker

COMPILERS = ["gcc", "cc", "g++", "make", "x86_64-linux-gnu-gcc-12"]


def test_container_answers_the_health_endpoints(app_container):
    assert http("GET", f"{app_container['url']}/api/health/live")[0] == 200
    status, body = http("GET", f"{app_container['url']}/api/health/ready")
    assert status == 200, body


def test_info_reports_the_version_given_at_build(app_container):
    status, body = http("GET", f"{app_container['url']}/api/info")
    assert status == 200
    assert body["version"] == VERSION


def test_process_runs_as_the_fixed_non_root_uid(app_image, app_container):
    assert (
        json.loads(docker("image", "inspect", app_image).stdout)[0]["Config"]["User"]
        == "10001:10001"
    )
    # The uid of PID 1 (gunicorn's master) inside the running container.
    uid = docker("exec", app_container["name"], "sh", "-c", "stat -c %u /proc/1").stdout.strip()
    assert uid == "10001"


def test_no_compiler_in_the_final_image(app_image):
    found = docker(
        "run",
        "--rm",
        "--entrypoint",
        "sh",
        app_image,
        "-c",
        f"command -v {' '.join(COMPILERS)} || true",
    ).stdout.split()
    assert found == []


def test_psycopg_runs_its_compiled_c_implementation(app_image):
    impl = docker(
        "run", "--rm", app_image, "python", "-c", "import psycopg; print(psycopg.pq.__impl__)"
    ).stdout.strip()
    assert impl == "c"


def test_docker_healthcheck_reports_healthy(app_container):
    deadline = time.monotonic() + 60
    status = ""
    while time.monotonic() < deadline:
        state = json.loads(docker("inspect", app_container["name"]).stdout)[0]["State"]
        status = state["Health"]["Status"]
        if status == "healthy":
            break
        time.sleep(1)
    assert status == "healthy"


# gunicorn's exit code when the app can't load (gunicorn.conf.py: check_settings).
APP_LOAD_ERROR = 4


@pytest.mark.parametrize(
    ("env", "refusal"),
    [
        (
            [f"SECRET_KEY={DUMMY_SECRET}"],
            "refusing to start: ALLOWED_HOSTS is not set, which config.settings.production",
        ),
        (
            [f"SECRET_KEY={DUMMY_SECRET}", "ALLOWED_HOSTS=taskapp.example.com", "DEBUG=1"],
            "refusing to start: DEBUG is on, which config.settings.production refuses",
        ),
    ],
    ids=["no-allowed-hosts", "debug"],
)
def test_run_bare_the_image_refuses_to_start_with_unsafe_settings(app_image, env, refusal):
    """The image's own command and profile: no DJANGO_SETTINGS_MODULE given."""
    name = f"taskapp-bare-{uuid.uuid4().hex[:8]}"
    docker("run", "--detach", "--name", name, *(f"--env={item}" for item in env), app_image)
    try:
        try:
            waited = subprocess.run(
                ["docker", "wait", name], capture_output=True, text=True, timeout=60
            )
        except subprocess.TimeoutExpired:
            pytest.fail("the container still runs after 60 s: the image served those settings")
        written = docker("logs", name)  # gunicorn logs to stdout, Python to stderr
        logs = written.stdout + written.stderr
    finally:
        docker("rm", "--force", name, check=False)
    assert int(waited.stdout) == APP_LOAD_ERROR, logs
    assert refusal in logs
