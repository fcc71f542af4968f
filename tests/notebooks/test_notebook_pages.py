"""Each notebook is a page of the site: in the nav, linked from its concept page, light, offline."""

import pytest

from lab.site.pages import DOCS, concept_sources, front_matter, site_path
from lab.site.visit import Visit
from tests.notebooks.nbpaths import NOTEBOOKS, notebook_paths

# A stock mkdocs-jupyter page was measured at about 1.06 MB, most of it inline CSS.
PAGE_BUDGET = 1_500_000
# The page the browser checks: text outputs and a plot.
CHECKED = "01-containers-vs-vms"


def concept_page(stem: str):
    name = f"{stem}.ipynb"
    pages = [page for page in concept_sources() if front_matter(page)["notebook"] == name]
    assert len(pages) == 1, f"{stem}.ipynb should be named by exactly one concept page: {pages}"
    return pages[0]


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda path: path.stem)
def test_in_the_nav(built_site, path):
    """The notebook's page is in the site navigation (right after its concept page)."""
    concept = (built_site.site / site_path(concept_page(path.stem)) / "index.html").read_text()
    # A navigation link (class md-nav__link), not the page's own "Prove it" link.
    assert f'notebooks/{path.stem}/" class="md-nav__link"' in concept


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda path: path.stem)
def test_linked_from_its_concept_page(built_site, path):
    """The concept page's "Prove it" section links the notebook's page."""
    source = concept_page(path.stem)
    html = (built_site.site / site_path(source) / "index.html").read_text()
    proof = html.split('id="prove-it"', 1)[1]
    depth = len(source.relative_to(DOCS).parts)
    assert f'href="{"../" * depth}notebooks/{path.stem}/"' in proof


def test_a_notebook_page_in_a_browser(built_site, site_url, chromium):
    """Outputs and the plot show, nothing is fetched off the site, no console error, small."""
    assert (NOTEBOOKS / f"{CHECKED}.ipynb").is_file()
    visit = Visit(chromium, f"{site_url}/notebooks/{CHECKED}/")
    try:
        assert visit.page.get_by_text("container kernel:").first.is_visible()
        plots = visit.page.locator(".jp-RenderedImage img")
        assert plots.count() >= 1
        assert plots.first.evaluate("image => image.naturalWidth") > 0
        assert not visit.blocked, visit.blocked
        assert not visit.console_errors, visit.console_errors
        print(f"{CHECKED}: {visit.bytes_received} bytes received")
        assert visit.bytes_received <= PAGE_BUDGET
    finally:
        visit.close()
