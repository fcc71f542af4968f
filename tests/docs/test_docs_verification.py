"""Every concept page says whether, when and on what its lab verified it; the report lists them all.

The repository's own site is checked as built (tests/conftest.py). The
behaviours that depend on which labs exist are checked on copies of the site
(nothing written to the repository): one whose notebooks folder holds two
small labs, recorded for real, one of them edited since; one with no lab at
all and `extra.require_every_lab: true`, which must not build.
"""

import re

import nbformat
import pytest
import yaml

from lab import provenance
from lab.environment import summary
from lab.site.build import Build
from lab.site.pages import DOCS, ROOT, concept_sources, front_matter, site_path
from lab.site.project_copy import project_copy

INVENTORY = yaml.safe_load((DOCS / "concepts.yml").read_text())
RECORDED = "01-containers-vs-vms"
EDITED = "02-images-and-layers"


def html_of(site, source) -> str:
    return (site / site_path(source) / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def before_first_section(html: str) -> str:
    """The part of the page between its title and its first h2."""
    body = article(html)
    return body[body.index("</h1>") : body.index("<h2")]


def test_the_inventory_is_the_pages():
    """Each concept page is in docs/concepts.yml, under the notebook its front matter names."""
    by_page = {entry["page"]: entry["notebook"] for entry in INVENTORY}
    for source in concept_sources():
        page = source.relative_to(DOCS).as_posix()
        assert by_page.get(page) == front_matter(source)["notebook"], page
    assert len(by_page) == len(INVENTORY), "a page is listed twice"


@pytest.mark.parametrize("source", concept_sources(), ids=lambda source: source.stem)
def test_every_concept_page_says_if_it_is_verified(built_site, source):
    """Under the title: the verified line when the lab was recorded for its code, else a warning."""
    name = front_matter(source)["notebook"]
    path = ROOT / "notebooks" / name
    top = before_first_section(html_of(built_site.site, source))
    recorded = path.is_file() and provenance.provenance(nbformat.read(path, as_version=4))
    if recorded and recorded["code_sha256"] == provenance.code_hash(
        nbformat.read(path, as_version=4)
    ):
        assert 'class="verified"' in top
        assert f"Verified</strong> on {recorded['recorded'][:10]}" in top
        assert f"Docker {recorded['environment']['docker']}" in top
        assert f"on {summary(recorded['environment'])}." in top
        assert f'notebooks/{path.stem}/"' in top
    else:
        assert 'class="admonition warning"' in top and "Not yet verified" in top


def test_report_lists_every_concept_with_its_lab(built_site):
    html = (built_site.site / "report" / "index.html").read_text(encoding="utf-8")
    for entry in INVENTORY:
        assert entry["concept"] in html
        stem = entry["notebook"].removesuffix(".ipynb")
        if (ROOT / "notebooks" / entry["notebook"]).is_file():
            assert f'href="../notebooks/{stem}/"' in html, stem
        else:
            assert f"<code>notebooks/{entry['notebook']}</code>, not written yet" in html


def test_report_is_in_the_nav(built_site):
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="report/"[^>]*class="md-nav__link"', home)


# --- a copy of the site with two small labs ---------------------------------


def small_lab(title: str, code: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}"),
        nbformat.v4.new_markdown_cell("## The kernel is shared"),
        nbformat.v4.new_code_cell(code),
    ]
    return nb


@pytest.fixture(scope="module")
def labs_site(tmp_path_factory):
    project = project_copy(tmp_path_factory.mktemp("project"), {"mkdocs.yml"}, {"notebooks"})
    recorded = project / "notebooks" / f"{RECORDED}.ipynb"
    nbformat.write(
        small_lab(
            "Containers and virtual machines",
            "from lab import figures\n"
            "assert 2 + 2 == 4, 'arithmetic'\n"
            "figures.show(start_time='0.4 s', overhead='14 MB', vm_accelerator='tcg')",
        ),
        recorded,
    )
    provenance.record(recorded)
    edited = project / "notebooks" / f"{EDITED}.ipynb"
    nbformat.write(small_lab("Images and layers", "assert True"), edited)
    provenance.record(edited)
    changed = nbformat.read(edited, as_version=4)
    changed.cells[2].source = "assert 1"
    nbformat.write(changed, edited)
    build = Build(project, project / "site", tmp_path_factory.mktemp("cache"))
    assert build.result.returncode == 0, build.output
    return build, provenance.provenance(nbformat.read(recorded, as_version=4))


def test_verified_line_and_prove_it_come_from_the_provenance(labs_site):
    build, recorded = labs_site
    html = html_of(build.site, DOCS / "docker" / "containers-vs-vms.md")
    top = before_first_section(html)
    assert f"Verified</strong> on {recorded['recorded'][:10]} by the lab" in top
    assert f'<a href="../../notebooks/{RECORDED}/"><code>{RECORDED}.ipynb</code></a>' in top
    assert f"Docker {recorded['environment']['docker']}" in top
    assert f"on {summary(recorded['environment'])}." in top
    assert "its VM under software emulation (TCG, no KVM)." in top
    prove_it = article(html).split('id="prove-it"', 1)[1]
    assert "start time <strong>0.4 s</strong>, overhead <strong>14 MB</strong>, vm" in prove_it


def test_a_lab_edited_since_its_recording_is_not_verified(labs_site):
    build, _ = labs_site
    top = before_first_section(html_of(build.site, DOCS / "docker" / "images-and-layers.md"))
    assert "Not yet verified" in top
    assert f"run <code>lab notebook record {EDITED}</code>" in top
    assert 'class="verified"' not in top


def test_a_missing_lab_is_a_visible_warning(labs_site):
    build, _ = labs_site
    top = before_first_section(html_of(build.site, DOCS / "docker" / "multi-stage-builds.md"))
    assert 'class="admonition warning"' in top
    assert "<code>notebooks/03-multi-stage-builds.ipynb</code> that proves this page" in top


def test_report_shows_cells_figures_and_the_run_time_plot(labs_site):
    build, recorded = labs_site
    html = article((build.site / "report" / "index.html").read_text(encoding="utf-8"))
    assert "<strong>1 of" in html
    assert "The kernel is shared: <code>from lab import figures</code>" in html
    assert "start time <strong>0.4 s</strong>" in html
    assert f"Recorded on {recorded['recorded'][:10]}" in html
    plot = html.split('class="run-times"', 1)[1]
    assert plot.lstrip(">").startswith("<svg")
    assert RECORDED in plot.split("</svg>")[0]
    assert EDITED not in plot.split("</svg>")[0], "a lab edited since is not plotted"
    # The chart's text alternative: it names the table that holds its figures.
    assert 'role="img" aria-label="Bar chart of the run times in the table below"' in plot
    table = plot.split("</svg>", 1)[1].split("</table>")[0]
    assert f"<td><code>{RECORDED}</code></td><td>{recorded['seconds']:.0f} s</td>" in table
    assert EDITED not in table


def test_home_page_lists_what_is_verified(labs_site):
    build, recorded = labs_site
    home = article((build.site / "index.html").read_text(encoding="utf-8"))
    listed = home.split('id="verified-today"', 1)[1]
    date = recorded["recorded"][:10]
    verified = f'virtual machines</a>: verified on {date} by <a href="notebooks/{RECORDED}/">'
    assert verified in listed
    line = listed.split(verified, 1)[1].split("</li>", 1)[0]
    assert line.endswith(f" on {summary(recorded['environment'])}"), line
    assert f"<code>{EDITED}</code></a> changed since its outputs were recorded" in listed
    assert "its lab <code>03-multi-stage-builds</code> is not written yet" in listed
    assert listed.count("<li>") == len(INVENTORY)


def test_require_every_lab_makes_a_missing_lab_a_build_error(tmp_path_factory):
    project = project_copy(tmp_path_factory.mktemp("project"), {"mkdocs.yml"}, {"notebooks"})
    config = (project / "mkdocs.yml").read_text()
    assert "require_every_lab: false" in config
    (project / "mkdocs.yml").write_text(
        config.replace("require_every_lab: false", "require_every_lab: true")
    )
    build = Build(project, project / "site", tmp_path_factory.mktemp("cache"))
    assert build.result.returncode != 0
    assert "does not exist, and every page must have its lab" in build.output


def test_report_page_in_a_browser(site_url, visit):
    """The run-time plot is drawn inline: visible, nothing fetched off the site, no error."""
    page = visit(f"{site_url}/report/")
    plot = page.page.locator(".run-times svg")
    assert plot.count() == 1
    assert plot.bounding_box()["height"] > 50
    assert not page.blocked, page.blocked
    assert not page.console_errors, page.console_errors
