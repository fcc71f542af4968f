"""Keep notebook pages offline: drop the CDN loaders that nbconvert writes into them.

mkdocs-jupyter's HTML loads MathJax (our notebooks have no formulas) and, for
Mermaid outputs, a Mermaid bundle from cdnjs. Both are removed; a notebook that
would still need something from outside the site fails the build instead of
failing quietly in an offline reader's browser.

The regular expressions take a while over a notebook's page: the result is kept
between builds, found by the page's HTML and this file (lab.site.cache).
"""

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from lab.site.cache import Cache

CACHE = Cache(Path(__file__).resolve().parent.parent)

MERMAID_OUTPUT = re.compile(r'class="[^"]*\bjp-Mermaid\b')
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL)
# An address the browser would fetch: script or style source, import(), CSS url().
# No \b before the names: it would make the search try every position of a page's
# megabytes (1.4 s for the 17 pages instead of 0.1 s); _external checks it instead.
EXTERNAL = re.compile(r"""(?:src=|import\(|url\(|@import\s)\s*["']?(https?:)?//""")


def _is_cdn_loader(match: re.Match) -> bool:
    attributes, body = match.group(1), match.group(2)
    return 'src=""' in attributes or "x-mathjax-config" in attributes or "cdnjs." in body


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    parts = (html.encode(), Path(__file__).read_bytes())
    return CACHE.remember("offline-notebooks", parts, lambda: _offline(html, page.file.src_uri))


def on_post_build(config):
    CACHE.prune("offline-notebooks")


def _offline(html: str, where: str) -> str:
    if MERMAID_OUTPUT.search(html):
        raise PluginError(
            f"{where}: has a Mermaid output, which needs a CDN; "
            "draw the diagram on the concept page instead"
        )
    html = SCRIPT.sub(lambda m: "" if _is_cdn_loader(m) else m.group(0), html)
    external = _external(html)
    if external:
        context = html[external.start() : external.start() + 80]
        raise PluginError(f"{where}: loads something from outside the site: {context!r}")
    return html


def _external(html: str) -> re.Match | None:
    """The first EXTERNAL match that starts a word (`src=`, not `datasrc=`), or None."""
    for match in EXTERNAL.finditer(html):
        before = html[match.start() - 1 : match.start()]
        if match.group().startswith("@") or not re.match(r"\w", before):
            return match
    return None
