"""The labs' own manifests name the settings profile of every app container they start.

The image's default profile is production, which refuses what a lab runs with (plain
HTTP, any host); a lab that forgot to name `config.settings.http` would crash-loop.
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "notebooks" / "samples"
# The lab clusters' ConfigMap, from deploy/k8s/base/config.env, names the profile.
CONFIG = "taskapp-config"
# Lab 09's pod whose image was never built: it never starts.
NEVER_BUILT = "taskapp:0.0.0-never-built"


def pod_spec(document: dict) -> dict:
    spec = document.get("spec") or {}
    return (spec.get("template") or {}).get("spec") or spec


def names_the_profile(container: dict) -> bool:
    if any(item.get("name") == "DJANGO_SETTINGS_MODULE" for item in container.get("env", [])):
        return True
    sources = container.get("envFrom", [])
    return any((item.get("configMapRef") or {}).get("name") == CONFIG for item in sources)


def app_containers():
    """(path, container) for each container that runs the taskapp image's own command."""
    for path in sorted(SAMPLES.rglob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if not isinstance(document, dict) or "kind" not in document:
                continue  # patches merge into a manifest that names it
            for container in pod_spec(document).get("containers", []):
                image = container.get("image", "")
                if (
                    image.startswith("taskapp")
                    and image != NEVER_BUILT
                    and "command" not in container
                ):
                    yield path, container


def test_the_samples_start_the_app_somewhere():
    assert len(list(app_containers())) >= 3  # else the test below checks nothing


def test_every_app_container_a_lab_starts_names_its_settings_profile():
    unnamed = [
        f"{path.relative_to(ROOT)}: container {container['name']}"
        for path, container in app_containers()
        if not names_the_profile(container)
    ]
    assert unnamed == []
