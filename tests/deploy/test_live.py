"""The manifests on a running cluster: admitted, serving, and resilient as the pages claim.

Needs a cluster made by `lab cluster up` and the images the manifests name
(`taskapp:1.0.0`, `postgres:15-bookworm`) built on this host; the tests load them
into the cluster. The overlay named after the running provider (`local` or
`kind`) is applied for real into a namespace of its own, deleted at the start (in
case an earlier run died) and at the end. The app is reached as a reader reaches
it: on its NodePort, from the host.
"""

import json
import time
import uuid
from collections import Counter

import pytest
import requests
import yaml
from kubernetes import client, config
from kubernetes.config.config_exception import ConfigException

from lab import load
from lab.cluster import commands, namespaces
from lab.errors import LabError
from lab.waiting import wait_for
from tests.deploy.k8s_manifests import OVERLAYS, run_kubectl

pytestmark = pytest.mark.cluster

NAMESPACE = "taskapp-live-test"
DRY_RUN_NAMESPACE = "taskapp-dry-run-test"
APP_REPLICAS = 3
# A pod fails liveness after periodSeconds x failureThreshold (10 s x 3): hold longer than that.
LIVENESS_WINDOW_SECONDS = 30
IMAGE_PROBLEMS = {"ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName"}


@pytest.fixture(scope="module")
def core():
    try:
        config.load_kube_config()
        api = client.CoreV1Api()
        api.list_namespace(limit=1)
    except (ConfigException, OSError, client.ApiException) as error:
        pytest.fail(f"no cluster answers ({error}); start one with 'uv run lab cluster up'")
    return api


def apply(manifest: str, *flags: str) -> str:
    """kubectl apply; returns its warnings (stderr)."""
    return run_kubectl("apply", *flags, "-f", "-", stdin=manifest).stderr


def pods(core, selector: str):
    return core.list_namespaced_pod(NAMESPACE, label_selector=selector).items


def image_problems(core) -> list[str]:
    return [
        f"{pod.metadata.name}: {status.image} {status.state.waiting.reason}"
        for pod in pods(core, "app.kubernetes.io/part-of=taskapp")
        for status in (pod.status.init_container_statuses or [])
        + (pod.status.container_statuses or [])
        if status.state.waiting and status.state.waiting.reason in IMAGE_PROBLEMS
    ]


def rolled_out(core, kind: str, name: str) -> None:
    """Wait for a rollout, failing at once when an image is missing from the cluster."""

    def done():
        problems = image_problems(core)
        if problems:
            pytest.fail(
                f"images missing in the cluster ({problems}); load them with 'lab images load'"
            )
        status = run_kubectl(
            "rollout", "status", f"{kind}/{name}", "-n", NAMESPACE, "--timeout=5s", check=False
        )
        return status.returncode == 0

    wait_for(f"{kind}/{name} to roll out in {NAMESPACE!r}", done, timeout=420, interval=3)


@pytest.fixture(scope="module")
def dry_run_namespace(core, render):
    """An empty namespace, so that the dry runs below have somewhere to land."""
    namespaces.delete([DRY_RUN_NAMESPACE])
    namespace = next(
        doc
        for doc in yaml.safe_load_all(render("local", DRY_RUN_NAMESPACE))
        if doc["kind"] == "Namespace"
    )
    apply(yaml.safe_dump(namespace))
    yield DRY_RUN_NAMESPACE
    namespaces.delete([DRY_RUN_NAMESPACE])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_api_server_accepts_every_overlay_in_a_dry_run(dry_run_namespace, render, overlay):
    """Server-side dry run: admission (Pod Security included) and the server's own validation."""
    warnings = apply(render(overlay, dry_run_namespace), "--server-side", "--dry-run=server")
    assert "PodSecurity" not in warnings, warnings


def images(manifest: str) -> list[str]:
    """Every container image a manifest names."""
    return sorted(
        {
            container["image"]
            for doc in yaml.safe_load_all(manifest)
            if doc["kind"] in {"Deployment", "StatefulSet"}
            for key in ("initContainers", "containers")
            for container in doc["spec"]["template"]["spec"].get(key, [])
        }
    )


@pytest.fixture(scope="module")
def deployed(core, render):
    """The running provider's overlay, applied for real into a fresh namespace; deleted at the end.

    Gives the app's address from the host and the warnings `kubectl apply` printed.
    """
    namespaces.delete([NAMESPACE])
    manifest = render(commands.running(), NAMESPACE)
    try:
        commands.load(images(manifest))
    except LabError as error:
        pytest.fail(str(error))
    warnings = apply(manifest)
    rolled_out(core, "statefulset", "postgres")
    rolled_out(core, "deployment", "taskapp")
    yield {"url": commands.url("taskapp", NAMESPACE), "warnings": warnings}
    namespaces.delete([NAMESPACE])


def app_pods(core):
    return pods(core, "app.kubernetes.io/name=taskapp")


def restarts(core) -> dict[str, int]:
    return {
        pod.metadata.name: sum(s.restart_count for s in pod.status.container_statuses)
        for pod in app_pods(core)
    }


def ready_endpoints(name: str) -> int:
    slices = client.DiscoveryV1Api().list_namespaced_endpoint_slice(
        NAMESPACE, label_selector=f"kubernetes.io/service-name={name}"
    )
    return sum(1 for s in slices.items for e in s.endpoints or [] if e.conditions.ready)


def app_ready(url: str) -> bool:
    try:
        return requests.get(f"{url}/api/health/ready", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def create_task(url: str, title: str) -> dict:
    response = requests.post(f"{url}/api/tasks/", json={"title": title}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def test_the_restricted_namespace_admits_every_pod(core, deployed):
    labels = core.read_namespace(NAMESPACE).metadata.labels
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    assert "PodSecurity" not in deployed["warnings"], deployed["warnings"]
    events = core.list_namespaced_event(NAMESPACE, field_selector="reason=FailedCreate").items
    assert [event.message for event in events] == []
    running = [
        pod.metadata.name
        for pod in pods(core, "app.kubernetes.io/part-of=taskapp")
        if pod.status.phase == "Running"
    ]
    assert len(running) == APP_REPLICAS + 1, running


def test_migrations_ran_in_exactly_one_of_the_pods_that_started_together(core, deployed):
    """The advisory lock serialises the init containers: one migrates, the rest find it done."""
    logs = {
        pod.metadata.name: run_kubectl(
            "logs", "-n", NAMESPACE, pod.metadata.name, "-c", "migrate"
        ).stdout
        for pod in app_pods(core)
    }
    applied = [name for name, log in logs.items() if "Applying tasks.0001_initial... OK" in log]
    assert len(applied) == 1, logs
    assert all(
        "No migrations to apply." in log for name, log in logs.items() if name not in applied
    )
    for pod in app_pods(core):
        (migrate,) = pod.status.init_container_statuses
        assert migrate.restart_count == 0 and migrate.state.terminated.exit_code == 0


def test_the_app_answers_through_its_service(core, deployed):
    url = deployed["url"]
    wait_for(f"{url}/api/health/ready to answer 200", lambda: app_ready(url), timeout=60)
    names = {pod.metadata.name for pod in app_pods(core)}
    info = requests.get(f"{url}/api/info", timeout=5).json()
    assert info["hostname"] in names


def test_a_lab_namespace_gets_a_node_port_of_its_own(deployed):
    """The labs' component drops the fixed 30080, which stays with the reader's namespace."""
    port = int(deployed["url"].rsplit(":", 1)[1])
    assert port != 30080 and 30000 <= port <= 32767


def requests_logged(core, path: str, agent_prefix: str) -> Counter:
    """Requests for PATH from clients whose User-Agent starts with AGENT_PREFIX, by app pod,
    from the pods' access logs (JSON lines)."""
    logged = Counter()
    for pod in app_pods(core):
        log = run_kubectl("logs", "-n", NAMESPACE, pod.metadata.name, "-c", "taskapp").stdout
        for line in log.splitlines():
            entry = json.loads(line) if line.startswith("{") else {}
            if entry.get("path") == path and (entry.get("user_agent") or "").startswith(
                agent_prefix
            ):
                logged[pod.metadata.name] += 1
    return logged


def test_the_load_pods_counts_match_the_requests_the_app_logged(core, deployed):
    """lab.load reports each request once, with the pod that answered it: the app's own
    access logs count the same requests, pod by pod."""
    before = requests_logged(core, "/api/info", "Go-http-client")
    results = load.run(NAMESPACE, "http://taskapp/api/info", rate=20, duration=10, keepalive=False)
    assert (results.total, results.failures) == (200, 0), results.summary()
    after = requests_logged(core, "/api/info", "Go-http-client")
    assert after - before == results.by_pod()
    assert len(results.by_pod()) == APP_REPLICAS


def test_crud_works_against_the_in_cluster_postgres(deployed):
    task = create_task(deployed["url"], f"live test {uuid.uuid4()}")
    url = f"{deployed['url']}/api/tasks/{task['id']}/"
    assert requests.get(url, timeout=5).json()["title"] == task["title"]
    # The row is in PostgreSQL itself, not somewhere else the app might write.
    query = f"SELECT title FROM tasks_task WHERE id = {int(task['id'])}"
    row = run_kubectl(
        "exec",
        "-n",
        NAMESPACE,
        "postgres-0",
        "--",
        "psql",
        "-U",
        "taskapp",
        "-d",
        "taskapp",
        "-tAc",
        query,
    )
    assert row.stdout.strip() == task["title"]
    changed = requests.patch(url, json={"status": "done"}, timeout=5)
    assert changed.status_code == 200 and changed.json()["status"] == "done"
    assert requests.delete(url, timeout=5).status_code == 204
    assert requests.get(url, timeout=5).status_code == 404


def test_a_task_survives_deleting_the_database_pod(core, deployed):
    url = deployed["url"]
    task = create_task(url, f"survivor {uuid.uuid4()}")
    before = core.read_namespaced_pod("postgres-0", NAMESPACE).metadata.uid
    run_kubectl("delete", "pod", "postgres-0", "-n", NAMESPACE, "--wait=true")

    def replaced():
        try:
            pod = core.read_namespaced_pod("postgres-0", NAMESPACE)
        except client.ApiException:
            return False
        return pod.metadata.uid != before

    wait_for("a new postgres-0 pod", replaced, timeout=180, interval=1)
    rolled_out(core, "statefulset", "postgres")
    wait_for("the app to be ready again", lambda: app_ready(url), timeout=120)
    again = requests.get(f"{url}/api/tasks/{task['id']}/", timeout=5)
    assert again.status_code == 200 and again.json()["title"] == task["title"]


def test_a_database_outage_empties_the_endpoints_without_restarting_the_app(core, deployed):
    """Readiness takes the pods out of the Service; liveness leaves them running."""
    wait_for(
        "every app pod to be a ready endpoint",
        lambda: ready_endpoints("taskapp") == APP_REPLICAS,
        timeout=180,
        interval=1,
    )
    before = restarts(core)
    run_kubectl("scale", "statefulset/postgres", "-n", NAMESPACE, "--replicas=0")
    try:
        wait_for(
            "the app's endpoints to empty", lambda: ready_endpoints("taskapp") == 0, timeout=120
        )
        time.sleep(LIVENESS_WINDOW_SECONDS + 10)
        assert restarts(core) == before
        assert all(pod.status.phase == "Running" for pod in app_pods(core))
    finally:
        run_kubectl("scale", "statefulset/postgres", "-n", NAMESPACE, "--replicas=1")
    wait_for(
        "every app pod back in the endpoints",
        lambda: ready_endpoints("taskapp") == APP_REPLICAS,
        timeout=180,
    )
    assert restarts(core) == before
