"""An image built here reaches the cluster through `lab images load`, with no registry, and
leaves it through `lab images unload`; both say the same lines on every provider."""

import subprocess

from lab.cluster import commands
from tests.cluster.clusterlib import lab, manifest
from tests.cluster.pods import pod

TAG = "lab-test-hello:1.0.0"


LABEL = "lab.test=images-load"


def build_image(tmp_path) -> None:
    (tmp_path / "Dockerfile").write_text(
        'FROM debian:bookworm-slim\nCMD ["echo", "hello from an image built here"]\n'
    )
    subprocess.run(
        ["docker", "build", "-q", "--label", LABEL, "-t", TAG, str(tmp_path)],
        check=True,
        capture_output=True,
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
    assert again.stderr == f"Image {TAG!r} is already in the cluster; nothing to do.\n"


def test_a_changed_image_under_the_same_tag_is_loaded_again(cluster, tmp_path):
    build_image(tmp_path)
    lab("images", "load", TAG)
    (tmp_path / "Dockerfile").write_text(
        'FROM debian:bookworm-slim\nCMD ["echo", "a second build"]\n'
    )
    subprocess.run(["docker", "build", "-q", "-t", TAG, str(tmp_path)], check=True)
    again = lab("images", "load", TAG)
    assert f"Loading image {TAG!r} into the cluster ..." in again.stderr


def test_unload_removes_the_image_and_says_so_once(cluster, tmp_path):
    build_image(tmp_path)
    lab("images", "load", TAG)
    assert commands.images_labelled("lab.test", "images-load") == [full_name(TAG)]
    removed = lab("images", "unload", TAG)
    assert removed.stderr == f"Image {TAG!r} removed from the cluster.\n"
    assert commands.images_labelled("lab.test", "images-load") == []
    again = lab("images", "unload", TAG)
    assert again.stderr == f"Image {TAG!r} is not in the cluster; nothing to do.\n"


def test_an_image_without_a_version_tag_is_refused(cluster):
    result = lab("images", "load", "taskapp:latest", check=False)
    assert result.returncode == 1
    assert "'taskapp:latest' has no version tag" in result.stderr


def full_name(image: str) -> str:
    """How the node's containerd names an image Docker calls by its short name."""
    return f"docker.io/library/{image}"
