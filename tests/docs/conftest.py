"""Fixtures of the site tests: one strict build, a local static server, headless Chromium."""

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from docs_build import Build
from docs_pages import ROOT
from playwright.sync_api import sync_playwright

from lab import browser

ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", ROOT / "build" / "artifacts")) / "docs"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Build:
    # An empty diagram cache: the build is as cold as on a fresh machine.
    build = Build(ROOT, tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("mermaid"))
    assert build.result.returncode == 0, build.result.stderr
    return build


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """Serve a directory on 127.0.0.1 at a free port; returns a function giving its base URL."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(directory))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site, serve) -> str:
    return serve(built_site.site)


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        instance = browser.launch(playwright)
        yield instance
        instance.close()


class Visit:
    """One page load with every request outside 127.0.0.1 blocked and recorded."""

    def __init__(self, chromium, url: str):
        self.context = chromium.new_context()
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        self.received: dict[str, int] = {}
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("requestfinished", self._finished)
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _route(self, route):
        if route.request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def _finished(self, request):
        response = request.response()
        self.received[request.url] = len(response.body()) if response else 0

    @property
    def bytes_received(self) -> int:
        return sum(self.received.values())

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def close(self):
        self.context.close()


@pytest.fixture
def visit(chromium):
    visits = []

    def open_page(url: str) -> Visit:
        visits.append(Visit(chromium, url))
        return visits[-1]

    yield open_page
    for one in visits:
        one.close()
