"""Every notebook's outputs were recorded for its current code, and the recording says on what."""

import platform
import subprocess

import nbformat
import pytest

from lab import provenance
from lab.cli import main
from lab.docker import can_pull
from lab.environment import summary
from lab.errors import LabError
from lab.images import seed


def test_outputs_were_recorded_for_this_code(notebook):
    """The provenance exists and its hash is the hash of the code cells as they are now."""
    path, nb = notebook
    recorded = provenance.provenance(nb)
    rerecord = f"re-record with `lab notebook record {path.stem}`"
    assert recorded, f"{path.name} has no provenance: {rerecord}"
    assert recorded["code_sha256"] == provenance.code_hash(nb), (
        f"{path.name}: outputs recorded for other code: {rerecord}"
    )
    assert {"recorded", "seconds", "environment"} <= set(recorded)


def small_notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_markdown_cell("# A lab")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    return nb


def test_code_hash_follows_the_code_only():
    nb = small_notebook("x = 1", "print(x)")
    before = provenance.code_hash(nb)
    nb.cells[0].source = "# Another title"
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    assert provenance.code_hash(nb) == before
    nb.cells[2].source = "print(x + 1)"
    assert provenance.code_hash(nb) != before


def test_record_executes_in_place_and_stores_the_provenance(tmp_path):
    path = tmp_path / "98-provenance-test.ipynb"
    (tmp_path / "here.txt").write_text("the notebook's directory")
    nbformat.write(small_notebook("import os\nprint(open('here.txt').read())"), path)
    assert main(["notebook", "record", str(path)]) == 0
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[1].outputs[0].text == "the notebook's directory\n"
    assert nb.cells[1].execution_count == 1
    recorded = provenance.provenance(nb)
    assert recorded["code_sha256"] == provenance.code_hash(nb)
    assert recorded["seconds"] > 0
    env = recorded["environment"]
    assert env["python"] == platform.python_version()
    assert env["kernel"] == platform.release()
    assert env["docker"], "the Docker engine's version"
    assert set(env) == {
        *("python", "kernel", "cgroup", "docker", "base_images"),
        *("provider", "kubernetes", "containerd"),
    }, "no 'vm': this notebook boots none"
    if env["provider"]:
        assert env["kubernetes"].startswith("v") and env["containerd"]
    # The cgroup version as the kernel's mount says it, read another way.
    mount = subprocess.run(["stat", "-fc", "%T", "/sys/fs/cgroup"], capture_output=True, text=True)
    assert env["cgroup"] == ("v2" if mount.stdout.strip() == "cgroup2fs" else "v1")
    assert set(env["base_images"]) <= set(seed.BASE_IMAGES)
    assert set(env["base_images"].values()) <= {"official", "look-alike"}


def test_record_stores_the_accelerator_a_vm_lab_shows(tmp_path):
    path = tmp_path / "98-provenance-test.ipynb"
    code = "from lab import figures\nfigures.show(vm_start='6.0 s', vm_accelerator='tcg')"
    nbformat.write(small_notebook(code), path)
    assert provenance.record(path)["environment"]["vm"] == "tcg"


def test_an_image_seed_builds_is_a_look_alike(tmp_path):
    """seed labels what it builds; the label, not a missing repository digest, tells (the
    containerd image store gives an imported image a digest too)."""
    tag = "lab-provenance-test:origin"
    subprocess.run(["tar", "-cf", str(tmp_path / "empty.tar"), "-T", "/dev/null"], check=True)
    label = f"LABEL {seed.LOOK_ALIKE_LABEL}=true"
    importing = ["docker", "import", "--change", label, str(tmp_path / "empty.tar"), tag]
    subprocess.run(importing, check=True, timeout=60)
    try:
        assert seed.origin(tag) == "look-alike"
    finally:
        subprocess.run(["docker", "image", "rm", tag], check=True, capture_output=True)
    assert seed.origin(tag) is None


def test_the_base_images_here_are_named_for_what_they_are():
    """Where no registry answers, the base images on the engine are seed's look-alikes,
    and the provenance of every lab recorded here must say so."""
    for tag in seed.BASE_IMAGES:
        if not can_pull(tag):
            assert seed.origin(tag) == "look-alike", tag


# --- the line a page shows: what a recording ran on --------------------------

BEFORE_THE_NEW_FIELDS = {
    "python": "3.11.7",
    "kernel": "6.18.44",
    "docker": "20.10.24+dfsg1",
    "provider": "local",
    "kubernetes": "v1.37.0",
    "containerd": "2.1.4",
}


def test_summary_of_an_older_recording_shows_what_it_has():
    assert summary(BEFORE_THE_NEW_FIELDS) == "Kubernetes v1.37.0 (local), Docker 20.10.24+dfsg1"


def test_summary_states_the_whole_environment():
    env = {
        **BEFORE_THE_NEW_FIELDS,
        "cgroup": "v1",
        "base_images": {
            "python:3.11-slim-bookworm": "look-alike",
            "postgres:15-bookworm": "look-alike",
        },
    }
    assert summary(env) == (
        "Kubernetes v1.37.0 (local), Docker 20.10.24+dfsg1, cgroup v1, look-alike base images"
    )


def test_summary_names_each_image_when_official_and_look_alike_mix():
    env = {
        "docker": "28.5.1",
        "cgroup": "v2",
        "base_images": {
            "python:3.11-slim-bookworm": "official",
            "postgres:15-bookworm": "look-alike",
        },
    }
    assert summary(env) == (
        "Docker 28.5.1, cgroup v2, base images python:3.11-slim-bookworm official,"
        " postgres:15-bookworm look-alike"
    )


@pytest.mark.parametrize(
    ("vm", "said"),
    [
        ("tcg", "its VM under software emulation (TCG, no KVM)"),
        ("kvm", "its VM with KVM"),
    ],
)
def test_summary_says_how_a_labs_vm_ran(vm, said):
    env = {"docker": "28.5.1", "provider": None, "kubernetes": None, "cgroup": "v2", "vm": vm}
    assert summary(env) == f"Docker 28.5.1, cgroup v2, {said}"


def test_summary_without_engine_or_cluster_says_so():
    assert summary({"python": "3.11.7", "docker": None}) == "no cluster, no Docker engine"


def test_a_failing_notebook_is_not_recorded(tmp_path):
    path = tmp_path / "98-provenance-test.ipynb"
    nbformat.write(small_notebook("assert 1 + 1 == 3, 'arithmetic broke'"), path)
    stored = path.read_bytes()
    with pytest.raises(LabError, match="arithmetic broke"):
        provenance.record(path)
    assert path.read_bytes() == stored


def test_unknown_name_lists_the_notebooks(capsys):
    assert main(["notebook", "record", "99-nothing-like-it"]) == 1
    error = capsys.readouterr().err
    assert "no notebook '99-nothing-like-it'" in error
    assert "02-images-and-layers" in error


def test_a_stem_names_the_notebook_in_notebooks():
    assert (
        provenance.resolve("02-images-and-layers")
        == provenance.NOTEBOOKS / "02-images-and-layers.ipynb"
    )
