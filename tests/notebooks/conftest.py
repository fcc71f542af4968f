"""Fixtures of the notebook tests: the notebooks as files, and the site built from them."""

import nbformat
import pytest
from nbpaths import notebook_paths
from playwright.sync_api import sync_playwright

from lab import browser
from lab.site.build import Build
from lab.site.pages import ROOT
from lab.site.server import StaticServer


@pytest.fixture(params=notebook_paths(), ids=lambda path: path.stem)
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    build = Build(ROOT, tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("mermaid"))
    assert build.result.returncode == 0, build.result.stderr
    return build


@pytest.fixture(scope="session")
def site_url(site):
    with StaticServer(site.site) as server:
        yield server.url


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        instance = browser.launch(playwright)
        yield instance
        instance.close()
