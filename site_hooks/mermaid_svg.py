"""Render every Mermaid diagram to inline SVG while the site is built.

A reader then downloads a few kilobytes of SVG instead of the Mermaid bundle
(3.5 MB, more than a whole page may weigh), and the diagrams work offline and
without JavaScript. Each diagram is drawn twice, for the light and the dark
palette; CSS shows the one that matches.

Drawings are cached by source. Pages first get a placeholder; once every page
is converted, Chromium (with Mermaid from node_modules, see `npm ci`) draws
only the diagrams missing from the cache, in one session, and the placeholders
are filled as the pages are written. A build with nothing new starts no browser.
"""

import hashlib
import html
import json
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from lab import browser
from lab.errors import LabError

ROOT = Path(__file__).resolve().parent.parent
MERMAID = ROOT / "node_modules" / "mermaid"
CACHE = Path(os.environ.get("MERMAID_CACHE_DIR", ROOT / ".cache" / "mermaid"))

# What pymdownx.superfences writes for a ```mermaid fence (fence_code_format).
FENCE = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.DOTALL)
PLACEHOLDER = re.compile(r"<!-- diagram ([0-9a-f]{64}) -->")

# Light and dark Mermaid themes, keyed by the CSS class that shows them.
THEMES = {"diagram__light": "default", "diagram__dark": "dark"}
SETTINGS = {
    "startOnLoad": False,
    "securityLevel": "strict",
    # Liberation Sans (Chromium's Arial here) has Arial's metrics: labels fit for readers too.
    "fontFamily": "Arial, 'Liberation Sans', Helvetica, sans-serif",
}

RENDER_JS = """async ([id, source, settings]) => {
    mermaid.initialize(settings);
    const { svg } = await mermaid.render(id, source);
    return svg;
}"""

# Diagrams missing from the cache: key -> (source, page that has it).
_missing: dict[str, tuple[str, str]] = {}


def _version() -> str:
    package = MERMAID / "package.json"
    if not package.exists():
        raise PluginError(f"Mermaid is not installed in '{MERMAID}'; run 'npm ci' first")
    return json.loads(package.read_text())["version"]


def _cached(key: str) -> Path:
    return CACHE / f"{key}.html"


def _draw(missing: dict[str, tuple[str, str]]) -> None:
    """Draw each missing diagram in both palettes and store it in the cache."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        page = chromium.new_page()
        page.add_script_tag(path=str(MERMAID / "dist" / "mermaid.min.js"))
        for key, (source, where) in missing.items():
            parts = []
            for css_class, theme in THEMES.items():
                settings = {**SETTINGS, "theme": theme}
                try:
                    svg = page.evaluate(RENDER_JS, [f"d{key[:12]}-{theme}", source, settings])
                except PlaywrightError as err:
                    reason = str(err).strip().splitlines()[0]
                    raise PluginError(f"{where}: a Mermaid diagram failed: {reason}") from err
                parts.append(f'<div class="{css_class}">{svg}</div>')
            _cached(key).write_text('<div class="diagram">' + "".join(parts) + "</div>")
        chromium.close()


def on_pre_build(config):
    _missing.clear()


def on_page_content(html_text, page, config, files):
    if "mermaid" not in html_text:
        return html_text
    version = _version()

    def placeholder(match):
        source = html.unescape(match.group(1))
        key = hashlib.sha256(json.dumps([version, SETTINGS, THEMES, source]).encode()).hexdigest()
        if not _cached(key).exists():
            _missing[key] = (source, page.file.src_uri)
        return f"<!-- diagram {key} -->"

    return FENCE.sub(placeholder, html_text)


def on_env(env, config, files):
    if _missing:
        try:
            _draw(_missing)
        except LabError as err:
            raise PluginError(str(err)) from err
    return env


def on_post_page(output, page, config):
    return PLACEHOLDER.sub(lambda match: _cached(match.group(1)).read_text(), output)
