"""Suite-wide fixtures and hooks.

- the time each test group (tests/<group>/) took, printed for CI's stage timings;
- the site, built once (strict, empty caches) for the site tests and the notebook tests,
  a static server for it, and headless Chromium.
"""

from collections import defaultdict
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from lab import browser
from lab.site.build import Build
from lab.site.pages import ROOT
from lab.site.server import StaticServer
from lab.site.visit import Visit

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


# --- the site ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Build:
    # Empty caches: the build is as cold as on a fresh machine.
    build = Build(ROOT, tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("cache"))
    assert build.result.returncode == 0, build.result.stderr
    return build


@pytest.fixture(scope="session")
def serve():
    """Serve a directory on 127.0.0.1 at a free port; returns a function giving its base URL."""
    servers: list[StaticServer] = []

    def start(directory: Path) -> str:
        servers.append(StaticServer(directory))
        return servers[-1].url

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def site_url(built_site, serve) -> str:
    return serve(built_site.site)


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        instance = browser.launch(playwright)
        yield instance
        instance.close()


@pytest.fixture
def visit(chromium):
    visits = []

    def open_page(url: str) -> Visit:
        visits.append(Visit(chromium, url))
        return visits[-1]

    yield open_page
    for one in visits:
        one.close()
