"""The production overlay is safe to copy: its rendered objects start the app under
config.settings.production, with no demo switch, no `*` host and no secret value."""

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.taskapp.servers import app_env, manage

ROOT = Path(__file__).resolve().parents[2]
SECRET_NAME = "taskapp-secret"  # made out of band: deploy/k8s/overlays/production/README.md
POD_IP = "10.0.0.7"


def objects_of(render, overlay: str) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(render(overlay)) if doc]


def app_container(objects) -> dict:
    (app,) = [
        o for o in objects if o["kind"] == "Deployment" and o["metadata"]["name"] == "taskapp"
    ]
    (container,) = app["spec"]["template"]["spec"]["containers"]
    return container


def app_environment(objects) -> dict[str, str]:
    """The variables the app container starts with, but for the Secret's: its ConfigMap,
    then its own `env`, with the pod IP filled in as the kubelet would."""
    container = app_container(objects)
    configmaps = {o["metadata"]["name"]: o["data"] for o in objects if o["kind"] == "ConfigMap"}
    variables = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            variables.update(configmaps[source["configMapRef"]["name"]])
    for entry in container.get("env", []):
        if entry.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "status.podIP":
            variables[entry["name"]] = POD_IP
        elif "value" in entry:
            variables[entry["name"]] = re.sub(
                r"\$\((\w+)\)", lambda m: variables[m[1]], entry["value"]
            )
    return variables


@pytest.fixture(scope="module")
def production(render) -> list[dict]:
    return objects_of(render, "production")


def test_the_settings_module_is_production(production):
    assert app_environment(production)["DJANGO_SETTINGS_MODULE"] == "config.settings.production"


def test_no_demo_switch_or_browsable_api_is_set(production):
    variables = app_environment(production)
    assert {"DEMO_ENDPOINTS", "BROWSABLE_API", "STARTUP_DELAY_SECONDS"} & variables.keys() == set()


def test_allowed_hosts_names_the_public_host_and_the_pod_never_a_star(production):
    hosts = app_environment(production)["ALLOWED_HOSTS"].split(",")
    assert hosts == ["taskapp.example.com", POD_IP]
    assert not any("*" in host for host in hosts)


def secret_references(node) -> set[str]:
    """Names of the Secrets a tree of objects reads through secretRef or secretKeyRef."""
    if isinstance(node, list):
        return set().union(*(secret_references(item) for item in node))
    if not isinstance(node, dict):
        return set()
    found = {node[key]["name"] for key in ("secretRef", "secretKeyRef") if key in node}
    return found.union(*(secret_references(value) for value in node.values()))


def test_no_secret_is_rendered_only_a_reference_to_one_made_out_of_band(production, render):
    assert [o["metadata"]["name"] for o in production if o["kind"] == "Secret"] == []
    assert "change-me" not in render("production")
    assert secret_references(production) == {SECRET_NAME}
    readme = (ROOT / "deploy/k8s/overlays/production/README.md").read_text()
    assert f"create secret generic {SECRET_NAME}" in readme


def check_deploy(variables: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = app_env(tmp_path, **variables)  # plus a random SECRET_KEY, as the Secret gives
    for name in ("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER"):
        env.pop(name, None)  # `check` needs no database; SQLite stands in
    return manage("check", "--deploy", "--fail-level", "WARNING", env=env)


def test_the_app_starts_with_the_rendered_production_settings(production, tmp_path):
    result = check_deploy(app_environment(production), tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_lab_settings_would_be_refused_under_production(render, tmp_path):
    """The check above can fail: the kind overlay's config (demo switches on, any host)
    with the production settings module is refused."""
    lab = app_environment(objects_of(render, "kind"))
    lab["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = check_deploy(lab, tmp_path)
    assert result.returncode == 1
    assert "ImproperlyConfigured" in result.stderr.strip().splitlines()[-1]


def test_only_the_pods_that_need_the_database_may_reach_it(production):
    """The NetworkPolicy is in the overlay, selects the database, and lets in exactly the
    workloads whose containers read DB_HOST: the app's pods (their init container runs
    the migrations) and no other."""
    (policy,) = [o for o in production if o["kind"] == "NetworkPolicy"]
    workloads = [o for o in production if o["kind"] in WORKLOAD_KINDS]
    database = [o for o in workloads if o["metadata"]["name"] == "postgres"]
    assert selects(policy["spec"]["podSelector"], pod_labels(database[0]))
    (rule,) = policy["spec"]["ingress"]
    admitted = {
        o["metadata"]["name"]
        for o in workloads
        if any(selects(peer["podSelector"], pod_labels(o)) for peer in rule["from"])
    }
    clients = {o["metadata"]["name"] for o in workloads if reads_the_database(o)}
    assert admitted == clients == {"taskapp"}
    app = [o for o in workloads if o["metadata"]["name"] == "taskapp"][0]
    assert [c["name"] for c in app["spec"]["template"]["spec"]["initContainers"]] == ["migrate"]


WORKLOAD_KINDS = {"Deployment", "StatefulSet", "Job", "CronJob", "DaemonSet"}


def pod_labels(workload: dict) -> dict:
    template = workload["spec"].get("jobTemplate", workload)["spec"]["template"]
    return template["metadata"]["labels"]


def selects(selector: dict, labels: dict) -> bool:
    assert set(selector) == {"matchLabels"}
    return selector["matchLabels"].items() <= labels.items()


def reads_the_database(workload: dict) -> bool:
    """Whether a container of it gets the app's ConfigMap (DB_HOST) or is the database."""
    spec = workload["spec"].get("jobTemplate", workload)["spec"]["template"]["spec"]
    containers = spec.get("initContainers", []) + spec["containers"]
    return workload["metadata"]["name"] != "postgres" and any(
        "configMapRef" in source for c in containers for source in c.get("envFrom", [])
    )
