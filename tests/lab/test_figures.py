"""lab.figures: figures stored as data in a notebook's outputs, read back, and passed by nbval."""

import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from lab import figures
from lab.paths import ROOT

# A duration that differs on every run, written the way notebooks/sanitize.cfg covers it.
SHOW = (
    "import time\n"
    "from lab import figures\n"
    'figures.show(run_time=f"{time.time() % 1000:.3f} s", layers=3)'
)


def test_bundle_is_text_for_nbval_and_values_for_the_site():
    data, metadata = figures.bundle(build="12.3 s", layers=3, sizes={"a": 1.5}, tags=("x", "y"))
    assert data == {"text/plain": 'build: 12.3 s\nlayers: 3\nsizes: {"a": 1.5}\ntags: ["x", "y"]'}
    assert metadata == {
        figures.MIME: [
            ["build", "12.3 s"],
            ["layers", 3],
            ["sizes", {"a": 1.5}],
            ["tags", ["x", "y"]],
        ]
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"where": ROOT}, "figure 'where': PosixPath"),
        ({"many": {1, 2}}, "figure 'many': set"),
        ({"ratio": float("nan")}, "figure 'ratio': nan is not a finite number"),
        ({"nested": [{"ok": 1, "bad": object()}]}, "figure 'nested': object"),
        ({"keys": {1: "one"}}, "dict key 1 is not a string"),
        ({"big": list(range(1000))}, "at most 2000"),
        ({}, "at least one figure"),
    ],
)
def test_values_json_cannot_hold_are_refused(values, message):
    with pytest.raises(figures.FiguresError, match=message):
        figures.bundle(**values)


def run(notebook, cwd):
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()


def new_notebook(*sources):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return notebook


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A notebook that shows figures in two cells, executed on a real kernel and stored."""
    path = tmp_path_factory.mktemp("figures") / "figures.ipynb"
    notebook = new_notebook(
        SHOW,
        "from lab import figures\nfigures.show(layers=4, cache='hit')",
        "print('no figures here')",
    )
    run(notebook, ROOT)
    nbformat.write(notebook, path)
    return path


def test_read_collects_every_cell_later_names_win(recorded):
    found = figures.read(recorded)
    assert list(found) == ["run_time", "layers", "cache"], "in the order shown"
    assert found["layers"] == 4 and found["cache"] == "hit"
    assert found["run_time"].endswith(" s")
    shown = nbformat.read(recorded, as_version=4).cells[0].outputs[0]
    assert shown.output_type == "display_data"
    assert shown.data["text/plain"] == f"run_time: {found['run_time']}\nlayers: 3"


def test_read_of_a_notebook_without_figures_is_empty(tmp_path):
    path = tmp_path / "plain.ipynb"
    nbformat.write(new_notebook("1 + 1"), path)
    assert figures.read(path) == {}


def test_read_of_a_missing_notebook_says_which(tmp_path):
    with pytest.raises(figures.FiguresError, match="missing.ipynb"):
        figures.read(tmp_path / "missing.ipynb")


def nbval(path):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(ROOT / "notebooks" / "sanitize.cfg"),
            str(path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_nbval_passes_a_rerun_whose_durations_differ(recorded):
    """The stored values differ from the new run's; the sanitized text lines agree."""
    result = nbval(recorded)
    assert result.returncode == 0, result.stdout[-3000:]


def test_nbval_still_compares_the_text_of_exact_figures(recorded, tmp_path):
    """A bare number is compared: a stored layers=4 against a run that shows 5 fails."""
    notebook = nbformat.read(recorded, as_version=4)
    notebook.cells[1].source = notebook.cells[1].source.replace("layers=4", "layers=5")
    changed = tmp_path / "changed.ipynb"
    nbformat.write(notebook, changed)
    result = nbval(changed)
    assert result.returncode != 0
    assert "layers: 4" in result.stdout and "layers: 5" in result.stdout
