"""A pytest plugin: print how long each test group took (tests/<group>/, each notebook).

Loaded for every run from pyproject's addopts, so CI's log shows the time of each stage.
Setup, call and teardown all count: a fixture that starts an engine or a cluster counts
for the group that needed it. Each notebook's time is also kept in build/notebook-times.json
(one entry per notebook, the latest run's), which `make bench` prints.
"""

import json
import time
from collections import defaultdict
from pathlib import Path

import pytest

# A lab's time budget on a two-core machine with the cluster up: 4 minutes, 8 for the labs
# that wait on controllers by design, 10 for autoscaling, which also measures the CPU a
# request costs (about 2 minutes) and holds a load inside the tolerance band for 2 more.
# Waits are shortened by configuration the page explains, never by skipping what the lab
# shows.
BUDGET = 240
BUDGETS = {"13-probes": 480, "14-autoscaling": 600, "15-rolling-updates": 480}
# Where the notebooks' times of the latest runs are kept (build/ is not in git).
LAST_RUN = Path("build") / "notebook-times.json"


def _group(nodeid: str) -> str:
    """tests/<suite> for the suites; notebooks/NAME.ipynb for each notebook (its budget)."""
    parts = Path(nodeid.split("::")[0]).parts
    return "/".join(parts[:2]) if parts and parts[0] in ("tests", "notebooks") else "?"


class GroupTimes:
    """One session's time and count of tests per group, kept in the session's config.stash."""

    def __init__(self) -> None:
        self.durations: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)

    def pytest_runtest_logreport(self, report) -> None:
        # setup + call + teardown: fixtures that start an engine or a cluster count for their
        # group.
        self.durations[_group(report.nodeid)] += report.duration
        if report.when == "call":
            self.counts[_group(report.nodeid)] += 1

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.durations:
            return
        terminalreporter.section("time per test group")
        for group, seconds in sorted(self.durations.items(), key=lambda item: -item[1]):
            line = f"{group:<40} {self.counts[group]:>4} tests {seconds:>8.1f} s"
            budget = budget_of(group)
            if budget is not None:
                line += f"  (budget {budget} s{', OVER' if seconds > budget else ''})"
            terminalreporter.write_line(line)
        self.keep_notebook_times(terminalreporter.config.rootpath / LAST_RUN)

    def keep_notebook_times(self, path: Path) -> None:
        ran = {
            Path(group).stem: round(seconds, 1)
            for group, seconds in self.durations.items()
            if group.startswith("notebooks/")
        }
        if not ran:
            return
        kept = json.loads(path.read_text()) if path.exists() else {}
        day = time.strftime("%Y-%m-%d")
        kept.update({stem: {"seconds": seconds, "run": day} for stem, seconds in ran.items()})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(kept, indent=1, sort_keys=True) + "\n")


group_times_key = pytest.StashKey[GroupTimes]()


def pytest_configure(config) -> None:
    config.stash[group_times_key] = times = GroupTimes()
    config.pluginmanager.register(times, "lab-group-times")


def pytest_unconfigure(config) -> None:
    times = config.stash.get(group_times_key, None)
    if times is not None:
        del config.stash[group_times_key]
        config.pluginmanager.unregister(times)


def budget_of(group: str) -> int | None:
    """The time budget of a notebook's group, in seconds; None for test suites."""
    if not group.startswith("notebooks/"):
        return None
    return BUDGETS.get(Path(group).stem, BUDGET)
