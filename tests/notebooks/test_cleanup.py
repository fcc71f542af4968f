"""lab.notebook finds what a notebook made (label, Compose project, work dir) and removes it."""

import subprocess

from lab import notebook

NAME = "99-cleanup-test"


def docker(*args: str) -> str:
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=True).stdout


def test_cleanup_removes_labelled_objects_compose_volumes_and_the_work_directory():
    work = notebook.workdir(NAME)
    (work / "file").write_text("made by the notebook")
    docker("volume", "create", "--label", notebook.label(NAME))
    docker("network", "create", "--label", f"com.docker.compose.project={NAME}", f"{NAME}-net")
    docker("create", "--label", notebook.label(NAME), "python:3.11-slim-bookworm", "true")
    try:
        found = notebook.leftovers(NAME)
        assert set(found) == {"directory", "container", "volume", "network"}
        removed = notebook.cleanup(NAME)
        assert removed == found
        assert notebook.describe(removed).startswith("1 directory(s), 1 container(s)")
        assert notebook.leftovers(NAME) == {}
        assert not work.exists()
    finally:
        notebook.cleanup(NAME)


def test_nothing_to_clean_up_says_so():
    assert notebook.cleanup(NAME) == {}
    assert notebook.describe({}) == "nothing"
