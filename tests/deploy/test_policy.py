"""The best practices the site teaches, checked on every object an overlay renders."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job"}


def of_kind(objects, kind):
    return [obj for obj in objects if obj["kind"] == kind]


def named(objects, kind, name):
    (found,) = [obj for obj in of_kind(objects, kind) if obj["metadata"]["name"].startswith(name)]
    return found


def pods(objects):
    """(workload name, pod spec) for every workload."""
    for obj in objects:
        if obj["kind"] in WORKLOADS:
            yield f"{obj['kind']}/{obj['metadata']['name']}", obj["spec"]["template"]["spec"]


def containers(objects, init=True):
    """(where, container, pod spec) for every container, init containers included."""
    for where, spec in pods(objects):
        for container in spec["containers"] + (spec.get("initContainers", []) if init else []):
            yield f"{where}/{container['name']}", container, spec


def offenders(objects, rule, init=True):
    return [
        where for where, container, spec in containers(objects, init) if not rule(container, spec)
    ]


def test_every_container_requests_and_limits_cpu_and_memory(objects):
    def sized(container, _):
        resources = container.get("resources", {})
        return all(
            resource in resources.get(bound, {})
            for bound in ("requests", "limits")
            for resource in ("cpu", "memory")
        )

    assert offenders(objects, sized) == []


def test_every_long_running_container_has_liveness_and_readiness_probes(objects):
    def probed(container, _):
        return "livenessProbe" in container and "readinessProbe" in container

    assert offenders(objects, probed, init=False) == []


def test_every_app_container_has_all_three_probes(objects):
    app = named(objects, "Deployment", "taskapp")
    for container in app["spec"]["template"]["spec"]["containers"]:
        for probe, path in [
            ("startupProbe", "/api/health/live"),
            ("livenessProbe", "/api/health/live"),
            ("readinessProbe", "/api/health/ready"),
        ]:
            assert container[probe]["httpGet"]["path"] == path, f"{container['name']} {probe}"


def effective(container, spec, field):
    """A security setting as the container gets it: its own, else the pod's."""
    return container.get("securityContext", {}).get(
        field, spec.get("securityContext", {}).get(field)
    )


def test_every_container_runs_as_a_non_root_uid(objects):
    def non_root(container, spec):
        uid = effective(container, spec, "runAsUser")
        return effective(container, spec, "runAsNonRoot") is True and uid not in (None, 0)

    assert offenders(objects, non_root) == []


def test_every_root_filesystem_is_read_only_with_a_writable_tmp(objects):
    def read_only(container, spec):
        empty_dirs = {v["name"] for v in spec.get("volumes", []) if "emptyDir" in v}
        tmp = [m for m in container.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
        return (
            container.get("securityContext", {}).get("readOnlyRootFilesystem") is True
            and len(tmp) == 1
            and tmp[0]["name"] in empty_dirs
        )

    assert offenders(objects, read_only) == []


def test_no_container_can_escalate_privileges_or_keep_capabilities(objects):
    def locked(container, _):
        context = container.get("securityContext", {})
        return (
            context.get("allowPrivilegeEscalation") is False
            and context.get("capabilities", {}).get("drop") == ["ALL"]
            and "add" not in context.get("capabilities", {})
            and not context.get("privileged", False)
        )

    assert offenders(objects, locked) == []


def test_every_container_uses_the_runtime_default_seccomp_profile(objects):
    def confined(container, spec):
        profile = effective(container, spec, "seccompProfile") or {}
        return profile.get("type") == "RuntimeDefault"

    assert offenders(objects, confined) == []


def test_every_image_is_pinned_never_latest(objects):
    def pinned(container, _):
        image = container["image"]
        name, _, tag = image.rpartition(":")
        return "@sha256:" in image or (name and "/" not in tag and tag not in ("", "latest"))

    assert offenders(objects, pinned) == []


def test_every_image_is_pulled_only_if_not_present(objects):
    """Images are loaded into the cluster, not pulled: kubelet must use the local copy."""
    assert offenders(objects, lambda c, _: c.get("imagePullPolicy") == "IfNotPresent") == []


def test_no_pod_mounts_a_service_account_token(objects):
    assert [
        where
        for where, spec in pods(objects)
        if spec.get("automountServiceAccountToken") is not False
    ] == []
    for account in of_kind(objects, "ServiceAccount"):
        assert account["automountServiceAccountToken"] is False


def test_the_namespace_enforces_the_restricted_pod_security_standard(objects):
    (namespace,) = of_kind(objects, "Namespace")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_a_deployment_scaled_by_an_hpa_sets_no_replicas(objects):
    """Re-applying must not reset the scale the HPA chose; without an HPA, 3 replicas run."""
    scaled = {
        hpa["spec"]["scaleTargetRef"]["name"] for hpa in of_kind(objects, "HorizontalPodAutoscaler")
    }
    for deployment in of_kind(objects, "Deployment"):
        if deployment["metadata"]["name"] in scaled:
            assert "replicas" not in deployment["spec"]
        else:
            assert deployment["spec"]["replicas"] == 3


def test_the_hpa_keeps_2_to_10_pods_near_70_percent_cpu(objects):
    for hpa in of_kind(objects, "HorizontalPodAutoscaler"):
        spec = hpa["spec"]
        assert (spec["minReplicas"], spec["maxReplicas"]) == (2, 10)
        (metric,) = spec["metrics"]
        assert metric["resource"]["name"] == "cpu"
        assert metric["resource"]["target"]["averageUtilization"] == 70
        assert {"scaleUp", "scaleDown"} <= spec["behavior"].keys()


def test_a_rolling_update_adds_one_pod_and_removes_none_before_it_is_ready(objects):
    strategy = named(objects, "Deployment", "taskapp")["spec"]["strategy"]
    assert strategy["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": 0}


def test_the_grace_period_outlasts_the_prestop_pause(objects):
    spec = named(objects, "Deployment", "taskapp")["spec"]["template"]["spec"]
    pause = spec["containers"][0]["lifecycle"]["preStop"]["sleep"]["seconds"]
    assert pause > 0
    assert spec["terminationGracePeriodSeconds"] > pause


def test_every_selector_matches_the_pods_it_means(objects):
    """Services, the PDB and the workloads select exactly their own pods."""
    templates = {
        obj["metadata"]["name"]: obj["spec"]["template"]["metadata"]["labels"]
        for obj in objects
        if obj["kind"] in WORKLOADS
    }

    def selects(selector):
        return sorted(
            name for name, labels in templates.items() if selector.items() <= labels.items()
        )

    for service in of_kind(objects, "Service"):
        assert selects(service["spec"]["selector"]) == [service["metadata"]["name"]]
    for budget in of_kind(objects, "PodDisruptionBudget"):
        assert selects(budget["spec"]["selector"]["matchLabels"]) == ["taskapp"]


def test_postgres_keeps_its_data_on_a_claim_from_the_default_storage_class(objects):
    database = named(objects, "StatefulSet", "postgres")
    (claim,) = database["spec"]["volumeClaimTemplates"]
    assert "storageClassName" not in claim["spec"]
    mounts = database["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]
    assert {"name": claim["metadata"]["name"], "mountPath": "/var/lib/postgresql/data"} in mounts
    service = named(objects, "Service", "postgres")
    assert service["spec"]["clusterIP"] == "None"
    assert database["spec"]["serviceName"] == "postgres"


@pytest.mark.parametrize(
    "overlay, service_type, has_ingress",
    [("kind", "NodePort", False), ("local", "NodePort", False), ("production", "ClusterIP", True)],
)
def test_the_app_is_reached_by_nodeport_on_laptops_and_by_ingress_in_production(
    objects, overlay, service_type, has_ingress
):
    service = named(objects, "Service", "taskapp")
    assert service["spec"]["type"] == service_type
    if service_type == "NodePort":
        assert [port["nodePort"] for port in service["spec"]["ports"]] == [30080]
    assert bool(of_kind(objects, "Ingress")) == has_ingress


def secret_key(objects) -> str:
    secret = named(objects, "Secret", "taskapp-secret")
    return base64.b64decode(secret["data"]["SECRET_KEY"]).decode()


@pytest.mark.parametrize("overlay", ["kind", "local"])
def test_the_app_accepts_the_development_secret_key(objects, overlay, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secret_key(objects))
    assert env.secret_key(debug=False) == secret_key(objects)


@pytest.mark.parametrize("overlay", ["production"])
def test_the_app_refuses_the_production_placeholder(objects, overlay, monkeypatch):
    """No real secret is committed: production renders a placeholder the app won't start with."""
    monkeypatch.setenv("SECRET_KEY", secret_key(objects))
    with pytest.raises(ImproperlyConfigured, match="placeholder"):
        env.secret_key(debug=False)
