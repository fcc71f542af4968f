"""Pages open in headless Chromium with no internet: diagrams drawn, search working, no errors."""

import io
import re

import pytest
import yaml
from PIL import Image

from lab.site.pages import DOCS, concept_pages, site_path
from tests.docs.artifacts import ARTIFACTS

# A concept page with its diagrams must stay light (a stock Material page is about 0.43 MB).
MAX_PAGE_BYTES = 1_000_000
PROBES_PAGE = "operating/probes/"


def assert_offline_and_clean(visit):
    assert not visit.blocked, f"requests left the local server: {visit.blocked}"
    assert not visit.console_errors, f"console errors: {visit.console_errors}"


def node_lightness(page) -> tuple[float, float]:
    """(fill, label) lightness from 0 to 1 of the first labelled diagram node, as painted."""
    node = page.locator(".diagram svg g.node").filter(has_text=re.compile(r"\w")).first
    pixels = Image.open(io.BytesIO(node.screenshot())).convert("L")
    width, _ = pixels.size
    fill = pixels.getpixel((width // 2, 3))  # just inside the top edge, above the label
    darkest, lightest = pixels.getextrema()
    label = lightest if fill < 128 else darkest
    return fill / 255, label / 255


def test_home_page(site_url, visit):
    """The home page draws its learning path and the search finds "readiness"."""
    home = visit(f"{site_url}/")
    assert home.page.locator(".diagram svg").first.is_visible()
    home.page.locator(".md-search__input").click()
    home.page.keyboard.type("readiness")  # Material searches on key events, not on .fill()
    results = home.page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=10_000)
    assert any(PROBES_PAGE in link.get_attribute("href") for link in results.all())
    home.screenshot(ARTIFACTS / "home-search-readiness.png")
    assert_offline_and_clean(home)


def test_diagrams_follow_the_palette(site_url, visit):
    """A diagram node is light with a dark label, and dark with a light label in dark mode."""
    page = visit(f"{site_url}/{PROBES_PAGE}")
    fill, label = node_lightness(page.page)
    assert fill > 0.8 and label < 0.3, f"light palette: fill {fill:.2f}, label {label:.2f}"
    page.page.locator("label[title='Switch to dark mode']").click()
    fill, label = node_lightness(page.page)
    assert fill < 0.3 and label > 0.7, f"dark palette: fill {fill:.2f}, label {label:.2f}"
    page.screenshot(ARTIFACTS / "probes-dark.png")
    assert_offline_and_clean(page)


def test_concept_pages_exist():
    """Every row of the concept inventory (docs/concepts.yml) is a concept page."""
    inventory = yaml.safe_load((DOCS / "concepts.yml").read_text(encoding="utf-8"))
    assert sorted(concept_pages()) == sorted(site_path(DOCS / row["page"]) for row in inventory)


@pytest.mark.parametrize("path", concept_pages())
def test_concept_page(site_url, visit, path):
    """A concept page renders its diagrams as SVG, offline, error-free and under 1 MB."""
    page = visit(f"{site_url}/{path}")
    assert page.page.locator(".diagram svg").count() >= 1
    assert page.page.locator("pre.mermaid").count() == 0, "a diagram was left as text"
    print(f"{path}: {page.bytes_received} bytes received")
    if path == PROBES_PAGE:
        page.screenshot(ARTIFACTS / "probes.png")
    assert_offline_and_clean(page)
    assert page.bytes_received <= MAX_PAGE_BYTES
