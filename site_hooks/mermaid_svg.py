"""Render every Mermaid diagram to inline SVG while the site is built.

A reader then downloads a few kilobytes of SVG instead of the Mermaid bundle
(3.5 MB, more than a whole page may weigh), and the diagrams work offline and
without JavaScript. Each diagram is drawn once, in Mermaid's light theme; the
dark palette inverts it with a CSS filter (docs/stylesheets/extra.css).

Drawings are cached by source. Pages first get a placeholder. The first
diagram missing from the cache starts Chromium (with Mermaid from
node_modules, see `npm ci`) in a thread of its own, which draws the missing
diagrams one after another while the remaining pages are converted; the
placeholders are filled as the pages are written. A build with nothing new
starts no browser.

Every diagram says in words what it shows, for readers who can't see it: its
`accTitle:` and `accDescr:` lines, written in the page. They are taken out of the
source before drawing (not every diagram type accepts them, mindmaps don't) and
become the drawing's name and description: an image with a title and a text.
A diagram without them fails the build, naming its page.
"""

import hashlib
import html
import json
import os
import queue
import re
import threading
from pathlib import Path

from mkdocs.exceptions import PluginError

from lab import browser
from lab.errors import LabError

ROOT = Path(__file__).resolve().parent.parent
MERMAID = ROOT / "node_modules" / "mermaid"
CACHE = Path(os.environ.get("MERMAID_CACHE_DIR", ROOT / ".cache" / "mermaid"))

# What pymdownx.superfences writes for a ```mermaid fence (fence_code_format).
FENCE = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.DOTALL)
PLACEHOLDER = re.compile(r"<!-- diagram ([0-9a-f]{64}) -->")
# A diagram's text alternative: one line each, with some text.
ALTERNATIVE = {
    key: re.compile(rf"^\s*{key}\s*:\s*(\S.*)\n?", re.MULTILINE) for key in ("accTitle", "accDescr")
}
SVG_ROLE = re.compile(r'\s(role|aria-roledescription)="[^"]*"')

SETTINGS = {
    "startOnLoad": False,
    "securityLevel": "strict",
    "theme": "default",
    # Liberation Sans (Chromium's Arial here) has Arial's metrics: labels fit for readers too.
    "fontFamily": "Arial, 'Liberation Sans', Helvetica, sans-serif",
}

# Mermaid's ES modules are served to the page from node_modules under a made-up
# origin: only the chunks of the diagram types in use get loaded and parsed.
ORIGIN = "http://mermaid.invalid"
LOAD_JS = """async settings => {
    const { default: mermaid } = await import("./mermaid.esm.min.mjs");
    mermaid.initialize(settings);
    window.mermaid = mermaid;
}"""
RENDER_JS = "async ([id, source]) => (await mermaid.render(id, source)).svg"


def _cached(key: str) -> Path:
    return CACHE / f"{key}.html"


class Drawer:
    """Draws the diagrams missing from the cache, in Chromium on a thread of its own.

    Playwright's sync API must stay on the thread that started it, so every
    browser call happens in `_run`; pages hand diagrams over through a queue.
    """

    def __init__(self):
        self.todo: queue.Queue = queue.Queue()
        self.keys: set[str] = set()
        self.thread: threading.Thread | None = None
        self.error: str | None = None

    def draw(self, key: str, source: str, where: str) -> None:
        if key in self.keys or _cached(key).exists():
            return
        self.keys.add(key)
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="mermaid", daemon=True)
            self.thread.start()
        self.todo.put((key, source, where))

    def finish(self) -> None:
        """Wait until every diagram handed over is in the cache; raise the first failure."""
        if self.thread is None:
            return
        self.todo.put(None)
        self.thread.join()
        if self.error:
            raise PluginError(self.error)

    def _run(self) -> None:
        # Imported here: a build with every diagram in the cache needs no browser.
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        where = None
        try:
            with sync_playwright() as playwright:
                chromium = browser.launch(playwright)
                page = chromium.new_page()
                page.route("**/*", _serve_mermaid)
                page.goto(f"{ORIGIN}/")
                page.evaluate(LOAD_JS, SETTINGS)
                while (item := self.todo.get()) is not None:
                    key, source, where = item
                    drawing, title, text = _alternative(source)
                    svg = page.evaluate(RENDER_JS, [f"d{key[:12]}", drawing])
                    CACHE.mkdir(parents=True, exist_ok=True)
                    _cached(key).write_text(
                        f'<div class="diagram">{_labelled(svg, title, text)}</div>'
                    )
                chromium.close()
        except LabError as err:
            self.error = str(err)
        except PlaywrightError as err:
            reason = str(err).strip().splitlines()[0]
            self.error = f"{where}: a Mermaid diagram failed: {reason}" if where else reason


def _alternative(source: str) -> tuple[str, str | None, str | None]:
    """The diagram without its text alternative, and its title and description."""
    found = {key: line.search(source) for key, line in ALTERNATIVE.items()}
    for line in ALTERNATIVE.values():
        source = line.sub("", source)
    title, text = (match and match.group(1).strip() for match in found.values())
    return source, title, text


def _labelled(svg: str, title: str, text: str) -> str:
    """The drawing as an image named by `title`, described by `text` (in its <desc>)."""
    svg_id = re.search(r'<svg[^>]*\sid="([^"]+)"', svg).group(1)
    tag_end = svg.index(">") + 1
    tag = SVG_ROLE.sub("", svg[:tag_end])
    tag = re.sub(r'\saria-(labelledby|describedby)="[^"]*"', "", tag)
    tag = tag.replace(
        "<svg ",
        f'<svg role="img" aria-label="{html.escape(title)}" aria-describedby="{svg_id}-desc" ',
        1,
    )
    desc = f'<desc id="{svg_id}-desc">{html.escape(text)}</desc>'
    return tag + desc + svg[tag_end:]


def _serve_mermaid(route) -> None:
    """The drawing page: an empty document, and Mermaid's files; nothing else is fetched."""
    dist = (MERMAID / "dist").resolve()
    name = route.request.url.removeprefix(f"{ORIGIN}/")
    path = (dist / name).resolve()
    if not name:
        route.fulfill(body="<!doctype html><title>diagrams</title>", content_type="text/html")
    elif path.is_relative_to(dist) and path.is_file():
        route.fulfill(path=path, content_type="text/javascript")
    else:
        route.abort()


_drawer = Drawer()


def _version() -> str:
    package = MERMAID / "package.json"
    if not package.exists():
        raise PluginError(f"Mermaid is not installed in '{MERMAID}'; run 'npm ci' first")
    return json.loads(package.read_text())["version"]


def on_pre_build(config):
    global _drawer
    _drawer = Drawer()


def on_page_content(html_text, page, config, files):
    if "mermaid" not in html_text:
        return html_text
    version = _version()

    def placeholder(match):
        source = html.unescape(match.group(1))
        if not all(line.search(source) for line in ALTERNATIVE.values()):
            raise PluginError(
                f"{page.file.src_uri}: a Mermaid diagram has no text alternative: give it"
                " 'accTitle: ...' and 'accDescr: ...' lines saying what it shows"
            )
        key = hashlib.sha256(json.dumps([version, SETTINGS, source]).encode()).hexdigest()
        _drawer.draw(key, source, page.file.src_uri)
        return f"<!-- diagram {key} -->"

    return FENCE.sub(placeholder, html_text)


def on_env(env, config, files):
    _drawer.finish()  # every page is converted by now: wait for the last drawings
    return env


def on_post_page(output, page, config):
    return PLACEHOLDER.sub(lambda match: _cached(match.group(1)).read_text(), output)
