"""Each notebook's time in the latest test run is kept for `make bench`, run after run."""

import json

from lab import pytest_group_times
from lab.bench import notebooks


def test_a_run_keeps_its_notebooks_times_and_leaves_the_others(tmp_path):
    kept = tmp_path / "build" / "notebook-times.json"
    first = pytest_group_times.GroupTimes()
    first.durations["notebooks/02-a.ipynb"] = 61.25
    first.keep_notebook_times(kept)
    second = pytest_group_times.GroupTimes()
    second.durations.update({"notebooks/03-b.ipynb": 7.04, "tests/lab": 3.0})  # not a notebook
    second.keep_notebook_times(kept)
    times = {stem: entry["seconds"] for stem, entry in json.loads(kept.read_text()).items()}
    assert times == {"02-a": 61.2, "03-b": 7.0}


def test_each_session_keeps_its_own_times(pytester):
    """Two sessions in one process (pytester's inline runs) count their own tests only."""
    pytester.makepyfile(test_one="def test_a(): pass\ndef test_b(): pass\n")
    plugins = ["-p", "lab.pytest_group_times", "-p", "no:django", "-p", "no:cacheprovider"]
    for _ in range(2):
        result = pytester.runpytest_inprocess(*plugins)
        result.stdout.fnmatch_lines(["*time per test group*", "?  *2 tests*"])


def test_the_verdict_needs_every_lab_and_holds_them_to_the_target():
    half = notebooks.TOTAL_TARGET_SECONDS / 2
    assert "needs every lab" in notebooks.verdict([half], labs=2)
    assert "within the target" in notebooks.verdict([half, half], labs=2)
    assert "OVER the target" in notebooks.verdict([half, half + 1], labs=2)
