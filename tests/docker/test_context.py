"""What BuildKit sends of a developer's checkout: .dockerignore keeps the leftovers out."""

import pytest

from lab.images import context
from lab.images.measure import LEFTOVERS
from tests.docker.conftest import ROOT, docker

LABEL = "lab.test=context"


@pytest.fixture
def sent(tmp_path):
    """What each of the four builds transferred; their images are removed after."""
    yield context.transfers(ROOT, tmp_path, "taskapp:test-context", "--label", LABEL)
    images = docker("image", "ls", "--quiet", "--filter", f"label={LABEL}").stdout.split()
    docker("image", "rm", "--force", *images, check=False)


def test_dockerignore_keeps_a_checkouts_leftovers_out_of_every_build(sent):
    allowed = sent["our Dockerfile", "with .dockerignore"]
    assert allowed == sent["COPY . .", "with .dockerignore"] < 100_000
    database_and_bytecode = sum(
        size for path, size in LEFTOVERS.items() if path.startswith("taskapp/")
    )
    assert sent["our Dockerfile", "without"] >= allowed + database_and_bytecode
    assert sent["COPY . .", "without"] >= sent["our Dockerfile", "without"] + 3_000_000
