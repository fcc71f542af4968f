"""Every overlay renders on a fresh clone and every object is valid for the pinned Kubernetes."""

import kubernetes_validate
import pytest
import yaml

from lab.toolchain import versions

KUBERNETES = versions.kubernetes().removeprefix("v")

COMMON_KINDS = {
    "Namespace",
    "ServiceAccount",
    "ConfigMap",
    "Service",
    "Deployment",
    "PodDisruptionBudget",
    "StatefulSet",
}
# Production's Secret is made out of band (overlays/production/README.md), never rendered.
EXTRA_KINDS = {
    "kind": {"Secret"},
    "local": {"Secret"},
    "production": {"HorizontalPodAutoscaler", "Ingress", "NetworkPolicy"},
}


def test_overlay_renders_the_whole_stack(objects, overlay):
    """An overlay renders the app, its database and nothing unexpected."""
    assert {obj["kind"] for obj in objects} == COMMON_KINDS | EXTRA_KINDS[overlay]


def test_every_object_validates_strictly(objects):
    """Each object matches the pinned version's OpenAPI schema; unknown fields are errors."""
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, KUBERNETES, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{obj['kind']}/{obj['metadata']['name']}: {error.message}")


def test_strict_validation_rejects_an_unknown_field():
    """The check above can fail: a misspelt field is refused."""
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "taskapp"},
        "spec": {"ports": [{"port": 80}], "selectr": {"app": "taskapp"}},
    }
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(service, KUBERNETES, strict=True)


def test_an_overlay_moves_whole_into_another_namespace(render):
    """Wrapped with another `namespace:`, every object and the Namespace itself move there."""
    objects = list(yaml.safe_load_all(render("local", "lab-elsewhere")))
    namespaces = [obj for obj in objects if obj["kind"] == "Namespace"]
    assert [ns["metadata"]["name"] for ns in namespaces] == ["lab-elsewhere"]
    labels = namespaces[0]["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    others = {obj["metadata"].get("namespace") for obj in objects if obj["kind"] != "Namespace"}
    assert others == {"lab-elsewhere"}
