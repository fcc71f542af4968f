"""A pytest plugin: print how long each test group took (tests/<group>/, notebooks/).

Loaded for every run from pyproject's addopts, so CI's log shows the time of each stage.
Setup, call and teardown all count: a fixture that starts an engine or a cluster counts
for the group that needed it.
"""

from collections import defaultdict
from pathlib import Path

_durations: dict[str, float] = defaultdict(float)
_counts: dict[str, int] = defaultdict(int)


def _group(nodeid: str) -> str:
    parts = Path(nodeid.split("::")[0]).parts
    return "/".join(parts[:2]) if parts and parts[0] == "tests" else parts[0] if parts else "?"


def pytest_runtest_logreport(report):
    # setup + call + teardown: fixtures that start an engine or a cluster count for their group.
    _durations[_group(report.nodeid)] += report.duration
    if report.when == "call":
        _counts[_group(report.nodeid)] += 1


def pytest_terminal_summary(terminalreporter):
    if not _durations:
        return
    terminalreporter.section("time per test group")
    for group, seconds in sorted(_durations.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{group:<24} {_counts[group]:>4} tests {seconds:>8.1f} s")
