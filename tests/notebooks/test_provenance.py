"""Every notebook's outputs were recorded for its current code, and the recording says on what."""

import platform

import nbformat
import pytest

from lab import provenance
from lab.cli import main
from lab.errors import LabError


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
    assert set(env) == {"python", "kernel", "docker", "provider", "kubernetes", "containerd"}
    if env["provider"]:
        assert env["kubernetes"].startswith("v") and env["containerd"]


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
