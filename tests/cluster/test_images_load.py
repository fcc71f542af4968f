"""An image built here reaches the cluster through `lab images load`, with no registry."""

import subprocess

from clusterlib import lab, manifest
from pods import pod

TAG = "lab-test-hello:1.0.0"


def build_image(tmp_path) -> None:
    (tmp_path / "Dockerfile").write_text(
        'FROM debian:bookworm-slim\nCMD ["echo", "hello from an image built here"]\n'
    )
    subprocess.run(
        ["docker", "build", "-q", "-t", TAG, str(tmp_path)], check=True, capture_output=True
    )


def test_a_pod_runs_an_image_loaded_with_lab_images_load(kubectl, namespace, tmp_path):
    build_image(tmp_path)
    lab("images", "load", TAG)
    spec = pod("hello", "", restartPolicy="Never")
    spec["spec"]["containers"][0] = {"name": "main", "image": TAG, "imagePullPolicy": "Never"}
    kubectl.apply(namespace, manifest(spec))
    kubectl(
        "-n",
        namespace,
        "wait",
        "--for=jsonpath={.status.phase}=Succeeded",
        "pod/hello",
        "--timeout=120s",
    )
    assert kubectl("-n", namespace, "logs", "hello").stdout.strip() == (
        "hello from an image built here"
    )


def test_loading_the_same_image_again_is_a_no_op(cluster, tmp_path):
    build_image(tmp_path)
    lab("images", "load", TAG)
    again = lab("images", "load", TAG)
    if cluster == "local":  # kind prints its own message for this
        assert "already loaded" in again.stderr


def test_an_image_without_a_version_tag_is_refused(cluster):
    result = lab("images", "load", "taskapp:latest", check=False)
    assert result.returncode == 1
    assert "'taskapp:latest' has no version tag" in result.stderr
