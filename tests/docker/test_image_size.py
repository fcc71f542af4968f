"""An image's size is its layers unpacked, the same figure whatever store the engine uses."""

import uuid

import pytest

from lab.errors import LabError
from lab.images.measure import image_size

from .conftest import docker

BASE = "debian:bookworm-slim"
ADDED = 8_000_000  # random bytes: they don't compress, so a compressed copy would weigh as much


@pytest.fixture
def image_with_a_file(tmp_path):
    tag = f"taskapp-test-size:{uuid.uuid4().hex[:8]}"
    (tmp_path / "Dockerfile").write_text(
        f"FROM {BASE}\nRUN head -c {ADDED} /dev/urandom > /payload\n"
    )
    docker("build", "--quiet", "--tag", tag, str(tmp_path))
    yield tag
    docker("image", "rm", "--force", tag, check=False)


def test_a_layer_adds_its_unpacked_bytes_once(image_with_a_file):
    added = image_size(image_with_a_file) - image_size(BASE)
    # The new layer holds the file and a few kB of metadata; counting the compressed copy
    # the containerd store keeps beside it would double the figure.
    assert ADDED <= added < ADDED + 100_000, added


def test_an_absent_image_is_named_in_the_error():
    with pytest.raises(LabError, match="not present locally"):
        image_size("taskapp-test-size:absent")
