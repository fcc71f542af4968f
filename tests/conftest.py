"""Suite-wide fixtures: the site, built once (strict, empty caches) for the site tests and
the notebook tests, a static server for it, and headless Chromium."""

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from lab import browser
from lab.paths import ROOT
from lab.site.build import Build
from lab.site.server import StaticServer
from lab.site.visit import Visit

pytest_plugins = ["pytester"]  # tests of lab's pytest plugin run sessions of their own


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
