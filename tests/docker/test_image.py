"""The taskapp image: what runs in it, as whom, and what it leaves out."""

import json
import time

from lab.net import http
from tests.docker.conftest import VERSION, docker

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
