"""The best practices the site teaches, checked on every object an overlay renders."""

import base64
import re

import pytest
import yaml

from config import env
from lab.cluster.images import cluster_images
from lab.images.seed import BASE_IMAGES
from tests.deploy.k8s_manifests import ROOT

WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job"}

# Built on this machine and tagged with upstream's names: base images by `lab images seed`,
# the cluster's images and add-ons from source by the local provider (deploy/versions.yaml).
LOOKALIKES = set(BASE_IMAGES) | {image.tag for image in cluster_images()}
VERSION_TAG = re.compile(r"v?\d+(\.\d+)*(-[a-z0-9.]+)*")
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}")
# Files outside the overlays that name images the cluster runs.
CLUSTER_FILES = [
    ROOT / "deploy" / "versions.yaml",
    ROOT / "deploy" / "kind" / "cluster.yaml",
    *sorted((ROOT / "deploy" / "addons").glob("*.yaml")),
]


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


def pinned(image: str) -> bool:
    """Whether IMAGE names one image for good, the way the site teaches.

    An image a registry serves is pinned by its digest (`name@sha256:...`, a tag may stay in
    front for the reader): a registry's tag, even `postgres:15`, can be moved to new content.
    An image built here has no digest a manifest could know in advance, so it is pinned by a
    version tag, never `latest`: our own (`taskapp:1.0.0`, the labs' tools under
    `taskapp-lab/`, such as `taskapp-lab/vegeta:v12.13.0`), and the look-alikes tagged with
    upstream's names (`postgres:15-bookworm` from `lab images seed`, the add-ons and cluster
    parts the local provider builds from source, named in deploy/versions.yaml). Any other
    image without a digest is a registry image by a tag, and is not pinned.
    """
    if "@" in image:
        return DIGEST.fullmatch(image[image.index("@") :]) is not None
    repository, _, tag = image.rpartition(":")
    if not repository or "/" in tag or not VERSION_TAG.fullmatch(tag):
        return False  # no tag (a registry port is no tag), `latest`, or a branch-like name
    own = repository == "taskapp" or repository.startswith("taskapp-lab/")
    return own or image in LOOKALIKES


@pytest.mark.parametrize(
    "image, expected",
    [
        ("taskapp:1.0.0", True),
        ("taskapp-lab/vegeta:v12.13.0", True),
        ("postgres:15-bookworm", True),
        ("registry.k8s.io/metrics-server/metrics-server:v0.9.0", True),
        ("kindest/node:v1.37.0@sha256:" + "a1" * 32, True),
        ("postgres@sha256:" + "0f" * 32, True),
        ("postgres:15", False),  # a registry's tag, not our look-alike's
        ("python:3.11-slim", False),
        ("kindest/node:v1.37.0", False),
        ("registry.k8s.io/metrics-server/metrics-server:v0.8.0", False),  # not the one we build
        ("taskapp:latest", False),
        ("taskapp-lab/vegeta:latest", False),
        ("taskapp", False),
        ("taskapp:main", False),
        ("localhost:5000/taskapp", False),
        ("postgres@sha256:0f0f", False),
    ],
)
def test_pinned_means_a_digest_for_registry_images_a_version_for_ours(image, expected):
    assert pinned(image) is expected


def test_every_image_is_pinned(objects):
    assert offenders(objects, lambda container, _: pinned(container["image"])) == []


def images_named_in(node) -> list[str]:
    """Values of `image` / `*_image` keys and `--helper-image` flags, also in embedded YAML."""
    if isinstance(node, dict):
        return [
            found
            for key, value in node.items()
            for found in ([value] if str(key).endswith("image") else images_named_in(value))
        ]
    if isinstance(node, list):
        flags = [
            value for flag, value in zip(node, node[1:], strict=False) if flag == "--helper-image"
        ]
        return flags + [found for item in node for found in images_named_in(item)]
    if isinstance(node, str) and "\n" in node:  # a ConfigMap may hold a pod template as text
        try:
            return images_named_in(yaml.safe_load(node))
        except yaml.YAMLError:
            return []
    return []


def test_every_image_the_cluster_runs_outside_the_overlays_is_pinned():
    named = [
        (str(path.relative_to(ROOT)), image)
        for path in CLUSTER_FILES
        for doc in yaml.safe_load_all(path.read_text())
        for image in images_named_in(doc)
    ]
    assert {where for where, _ in named} == {str(path.relative_to(ROOT)) for path in CLUSTER_FILES}
    assert [f"{where}: {image}" for where, image in named if not pinned(image)] == []


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
