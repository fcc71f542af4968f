"""A notebook page: rendered from notebooks/, linked from its concept page, downloadable, offline.

The repository may have no notebook yet, so these tests build a copy of the
site (every top-level entry linked, nothing written to the repository) with one
small notebook added under the name a concept page already gives. The nav
is the repository's own: the notebook finds its place there by itself.
"""

import re

import nbformat
import pytest

from lab.site.build import Build
from lab.site.project_copy import project_copy
from tests.docs.artifacts import ARTIFACTS

NAME = "01-containers-vs-vms"
CONCEPT_PAGE = "docker/containers-vs-vms.md"


def make_notebook(path):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    output = nbformat.v4.new_output("stream", name="stdout", text="the same kernel\n")
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Containers and virtual machines\n\nA lab."),
        nbformat.v4.new_markdown_cell(f"## One `docker run`\n\n[Again]({NAME}.ipynb)."),
        nbformat.v4.new_code_cell("print('the same kernel')", execution_count=1, outputs=[output]),
    ]
    nbformat.write(notebook, path)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = project_copy(tmp_path_factory.mktemp("project"), {"mkdocs.yml"}, {"notebooks"})
    make_notebook(project / "notebooks" / f"{NAME}.ipynb")
    return project


@pytest.fixture(scope="module")
def build(project, tmp_path_factory) -> Build:
    build = Build(project, project / "site", tmp_path_factory.mktemp("cache"))
    assert build.result.returncode == 0, build.result.stderr
    return build


def test_notebook_is_rendered_and_downloadable(build):
    """The notebook becomes a page with its stored output, and the .ipynb sits next to it."""
    page = build.site / "notebooks" / NAME / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "the same kernel" in html
    assert "cdnjs" not in html, "a CDN loader was left in the page"
    assert f'href="{NAME}.ipynb" download' in html
    assert (page.parent / f"{NAME}.ipynb").is_file()


def test_notebook_links_point_at_pages(build):
    """A link to a notebook file leads to its page; the TOC links the headings' real ids."""
    html = (build.site / "notebooks" / NAME / "index.html").read_text(encoding="utf-8")
    assert f'href="../{NAME}/"' in html
    heading_id = re.search(r'<h2 id="([^"]+)"', html).group(1)
    assert f'href="#{heading_id}" class="md-nav__link"' in html


def test_concept_page_links_its_notebook(build):
    """Once the notebook exists, "Prove it" on its concept page links to it."""
    html = (build.site / "docker" / "containers-vs-vms" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="../../notebooks/{NAME}/"><code>{NAME}.ipynb</code></a>' in html


def test_notebook_follows_its_concept_page_in_the_nav(build):
    """The page's "next" link leads to its notebook, with no nav entry written by hand."""
    html = (build.site / "docker" / "containers-vs-vms" / "index.html").read_text(encoding="utf-8")
    next_link = f'<a href="../../notebooks/{NAME}/" class="md-footer__link md-footer__link--next"'
    assert next_link in html


def test_notebook_page_loads_nothing_from_outside(build, serve, visit):
    """No CDN request (MathJax, Mermaid, require.js) and no console error on a notebook page."""
    base = serve(build.site)
    page = visit(f"{base}/notebooks/{NAME}/")
    assert page.page.get_by_text("the same kernel").first.is_visible()
    print(f"notebook page: {page.bytes_received} bytes received")
    page.screenshot(ARTIFACTS / "notebook-page.png")
    assert not page.blocked, page.blocked
    assert not page.console_errors, page.console_errors
