"""Pages open in headless Chromium with no internet: diagrams drawn, search working, no errors."""

import pytest
from docs_pages import concept_pages

# A concept page with its diagrams must stay light (a stock Material page is about 0.43 MB).
MAX_PAGE_BYTES = 1_000_000
PROBES_PAGE = "operating/probes/"


def assert_offline_and_clean(visit):
    assert not visit.blocked, f"requests left the local server: {visit.blocked}"
    assert not visit.console_errors, f"console errors: {visit.console_errors}"


def test_home_page(site_url, visit):
    """The home page draws its learning path and the search finds "readiness"."""
    home = visit(f"{site_url}/")
    assert home.page.locator(".diagram__light svg").first.is_visible()
    home.page.locator(".md-search__input").click()
    home.page.keyboard.type("readiness")  # Material searches on key events, not on .fill()
    results = home.page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=10_000)
    assert any(PROBES_PAGE in link.get_attribute("href") for link in results.all())
    home.screenshot("home-search-readiness")
    assert_offline_and_clean(home)


def test_dark_palette_shows_the_dark_diagram(site_url, visit):
    """Switching to the dark palette swaps every diagram for its dark drawing."""
    page = visit(f"{site_url}/{PROBES_PAGE}")
    page.page.locator("label[title='Switch to dark mode']").click()
    assert page.page.locator(".diagram__dark svg").first.is_visible()
    assert not page.page.locator(".diagram__light svg").first.is_visible()
    page.screenshot("probes-dark")
    assert_offline_and_clean(page)


def test_concept_pages_exist():
    """Every row of the concept inventory has its page (16 of them)."""
    assert len(concept_pages()) == 16


@pytest.mark.parametrize("path", concept_pages())
def test_concept_page(site_url, visit, path):
    """A concept page renders its diagrams as SVG, offline, error-free and under 1 MB."""
    page = visit(f"{site_url}/{path}")
    assert page.page.locator(".diagram__light svg").count() >= 1
    assert page.page.locator("pre.mermaid").count() == 0, "a diagram was left as text"
    print(f"{path}: {page.bytes_received} bytes received")
    if path == PROBES_PAGE:
        page.screenshot("probes")
    assert_offline_and_clean(page)
    assert page.bytes_received <= MAX_PAGE_BYTES
