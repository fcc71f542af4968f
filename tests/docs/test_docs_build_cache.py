"""What the site's build keeps between builds is found by what it is made from: change that, and
the next build makes it again instead of serving the old one (lab.site.cache)."""

import importlib
import shutil
import sys

import nbformat
import pytest
from mkdocs.exceptions import PluginError

from lab.paths import ROOT
from lab.site.cache import Cache

NOTEBOOK = "01-containers-vs-vms.ipynb"


@pytest.fixture
def hooks(monkeypatch, tmp_path):
    """The site's hooks, imported as MkDocs does (each finds the others beside it), with an
    empty cache in tmp_path."""
    monkeypatch.syspath_prepend(str(ROOT / "site_hooks"))
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("notebooks", "verification", "offline_notebooks"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    modules = {
        name: importlib.import_module(name) for name in ("verification", "offline_notebooks")
    }
    yield modules
    for name in ("notebooks", "verification", "offline_notebooks"):
        sys.modules.pop(name, None)


def test_the_same_parts_are_made_once(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path))
    made = []

    def make(text):
        made.append(text)
        return text

    first, later = Cache(tmp_path), Cache(tmp_path)  # a later build reads what the first wrote
    assert first.remember("kind", ("a\r\nb",), lambda: make("a\r\nb")) == "a\r\nb"
    assert later.remember("kind", ("a\r\nb",), lambda: make("other")) == "a\r\nb"
    assert later.remember("kind", ("changed",), lambda: make("changed")) == "changed"
    assert made == ["a\r\nb", "changed"]


def test_prune_keeps_what_this_build_asked_for(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path))
    Cache(tmp_path).remember("kind", ("old",), lambda: "old")
    cache = Cache(tmp_path)
    cache.remember("kind", ("new",), lambda: "new")
    cache.prune("kind")
    assert [path.read_text() for path in (tmp_path / "kind").iterdir()] == ["new"]


def test_the_chart_follows_the_run_times(hooks):
    verification = hooks["verification"]

    def lab(seconds):
        recorded = {"recorded": "2026-01-01T00:00:00", "seconds": seconds}
        return verification.Lab("01-a.ipynb", exists=True, recorded=recorded)

    before = verification.run_times_svg([lab(40.0)])
    after = verification.run_times_svg([lab(400.0)])
    assert after != before
    # The chart (cached) comes first, then its table (never cached).
    assert after.startswith(verification._draw_run_times([("01-a", 400.0)]))
    assert verification.run_times_svg([lab(40.0)]) == before


def test_a_lab_follows_its_notebook(hooks, tmp_path, monkeypatch):
    """An assert added to a recorded notebook: a new proof, and the lab is no longer verified."""
    verification = hooks["verification"]
    monkeypatch.setattr(verification, "NOTEBOOKS", tmp_path)
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, tmp_path / NOTEBOOK)
    before = verification.read_lab(NOTEBOOK)
    assert before.verified, "the stored notebook is recorded for its code"

    nb = nbformat.read(tmp_path / NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("assert 2 > 1"))
    nbformat.write(nb, tmp_path / NOTEBOOK)
    verification.read_lab.cache_clear()  # as on_config does for the next build
    after = verification.read_lab(NOTEBOOK)
    assert after.stale and not after.verified
    assert after.proofs == [*before.proofs, after.proofs[-1]]
    assert "assert 2 > 1" in after.proofs[-1]


class Page:
    class file:
        src_uri = "notebooks/01-a.ipynb"


def test_the_offline_check_follows_the_page(hooks):
    """A page that became clean builds; one that loads from outside fails, though built before."""
    offline = hooks["offline_notebooks"]
    clean = '<p>cell</p><script src="local.js"></script>'
    cdn = '<script type="text/x-mathjax-config">MathJax</script>'
    assert offline.on_page_content(clean + cdn, Page, None, None) == clean
    assert offline.on_page_content(clean + cdn, Page, None, None) == clean
    with pytest.raises(PluginError, match="loads something from outside the site"):
        offline.on_page_content(clean + '<img src="https://example.com/x.png">', Page, None, None)


@pytest.mark.parametrize(
    "html, fetched",
    [
        ('<img src="https://example.com/x.png">', True),
        ("<script src=//example.com/x.js></script>", True),
        ('<style>@import "https://example.com/a.css";</style>', True),
        ("<div style='background: url( //example.com/i.png)'></div>", True),
        ('<script type="module">import("https://example.com/m.js")</script>', True),
        ('<a href="https://example.com/">a link is not fetched</a>', False),
        ("<p>datasrc=//example.com is text, not an attribute</p>", False),
        ('<img src="figure.png">', False),
    ],
)
def test_the_offline_check_finds_what_a_browser_would_fetch(hooks, html, fetched):
    offline = hooks["offline_notebooks"]
    if fetched:
        with pytest.raises(PluginError, match="loads something from outside the site"):
            offline.on_page_content(html, Page, None, None)
    else:
        assert offline.on_page_content(html, Page, None, None) == html
