"""A secret given to a container at run time never ends up in the image."""

import subprocess
import tarfile

from tests.docker.conftest import DUMMY_SECRET, docker


def test_run_time_secret_appears_in_no_layer(app_image, app_container, tmp_path):
    # The container ran with DUMMY_SECRET; the image it came from must not contain it.
    archive = tmp_path / "image.tar"
    subprocess.run(["docker", "save", "--output", str(archive), app_image], check=True)
    needle = DUMMY_SECRET.encode()
    scanned = 0
    with tarfile.open(archive) as image:
        for member in image.getmembers():
            if not member.isfile():
                continue
            blob = image.extractfile(member).read()
            assert needle not in blob, f"the secret is in {member.name}"
            if member.name.endswith(".tar") or member.name.startswith("blobs/"):
                scanned += 1
    assert scanned > 5, "expected to scan the image's layers"


def test_history_shows_no_secret(app_image):
    history = docker("history", "--no-trunc", app_image).stdout
    assert "SECRET_KEY" not in history
    assert DUMMY_SECRET not in history
