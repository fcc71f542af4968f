"""Each notebook's time in the latest test run is kept for `make bench`, run after run."""

import json

from lab import pytest_group_times
from lab.bench import notebooks


def test_a_run_keeps_its_notebooks_times_and_leaves_the_others(tmp_path, monkeypatch):
    kept = tmp_path / "build" / "notebook-times.json"
    monkeypatch.setattr(pytest_group_times, "_durations", {"notebooks/02-a.ipynb": 61.25})
    pytest_group_times._keep_notebook_times(kept)
    monkeypatch.setattr(
        pytest_group_times,
        "_durations",
        {"notebooks/03-b.ipynb": 7.04, "tests/lab": 3.0},  # a suite is not a notebook
    )
    pytest_group_times._keep_notebook_times(kept)
    times = {stem: entry["seconds"] for stem, entry in json.loads(kept.read_text()).items()}
    assert times == {"02-a": 61.2, "03-b": 7.0}


def test_the_verdict_needs_every_lab_and_holds_them_to_the_target():
    half = notebooks.TOTAL_TARGET_SECONDS / 2
    assert "needs every lab" in notebooks.verdict([half], labs=2)
    assert "within the target" in notebooks.verdict([half, half], labs=2)
    assert "OVER the target" in notebooks.verdict([half, half + 1], labs=2)
