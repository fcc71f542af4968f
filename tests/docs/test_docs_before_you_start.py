"""Every page that runs commands on a cluster starts by saying how to get one, the images
and the namespace: one text, included from docs/includes/before-you-start.md."""

from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
INCLUDE = '--8<-- "docs/includes/before-you-start.md"'
CLUSTER_PAGES = sorted(
    [
        *DOCS.glob("kubernetes/*.md"),
        *DOCS.glob("operating/*.md"),
        DOCS / "troubleshooting.md",
        DOCS / "compose" / "compose-vs-kubernetes.md",
    ]
)


@pytest.mark.parametrize("page", CLUSTER_PAGES, ids=lambda page: page.stem)
def test_a_cluster_page_says_before_you_start_under_its_title(page):
    lines = page.read_text().splitlines()
    title = next(n for n, line in enumerate(lines) if line.startswith("# "))
    following = [line for line in lines[title + 1 :] if line.strip()]
    assert following[0] == INCLUDE, f"{page.name}: the include right under the title"


def test_the_built_page_shows_it(built_site):
    html = (built_site.site / "kubernetes" / "service-types" / "index.html").read_text()
    assert '<div class="admonition note">\n<p class="admonition-title">Before you start' in html
    assert "lab images load taskapp:1.0.0 postgres:15-bookworm" in html
