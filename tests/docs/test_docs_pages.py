"""Every concept page keeps its promises: real files, checked highlights, diagram, notebook."""

import re
from html.parser import HTMLParser

import pytest
import yaml

from lab.site.pages import DOCS, ROOT, concept_sources, front_matter, site_path

SNIPPET = re.compile(r'--8<-- "([^"]+)"')
# "Go deeper:" and, in the same paragraph, a link to the upstream documentation.
GO_DEEPER = re.compile(
    r"^Go deeper: (?:.+\n)*?.*\]\(https://(?:kubernetes\.io|docs\.docker\.com)/", re.MULTILINE
)


class HighlightParser(HTMLParser):
    """Code blocks of a page: their data-hl words and the text of each highlighted line."""

    def __init__(self):
        super().__init__()
        self.blocks: list[dict] = []
        self._depth = 0  # open <span> elements inside the current highlighted line

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div" and "highlight" in (attributes.get("class") or "").split():
            self.blocks.append({"expect": attributes.get("data-hl"), "lines": []})
        elif tag == "span" and self._depth:
            self._depth += 1
        elif tag == "span" and attributes.get("class") == "hll":
            self.blocks[-1]["lines"].append("")
            self._depth = 1

    def handle_endtag(self, tag):
        if tag == "span" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.blocks[-1]["lines"][-1] += data


def nav_entries(node) -> list[str]:
    """Every file named in the nav of mkdocs.yml."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [entry for value in node.values() for entry in nav_entries(value)]
    return [entry for item in node for entry in nav_entries(item)]


@pytest.fixture(scope="module")
def config() -> dict:
    text = (ROOT / "mkdocs.yml").read_text()
    return yaml.load(text, Loader=yaml.BaseLoader)


@pytest.fixture(scope="module")
def nav(config) -> list[str]:
    return nav_entries(config["nav"])


def test_every_page_is_in_the_nav(config, nav):
    """No page is built but unreachable from the navigation (excluded folders are not built)."""
    excluded = [
        line.strip() for line in config.get("exclude_docs", "").splitlines() if line.strip()
    ]
    assert all(folder.endswith("/") for folder in excluded), "this test reads folder patterns only"
    pages = {source.relative_to(DOCS).as_posix() for source in DOCS.rglob("*.md")}
    built = {page for page in pages if not page.startswith(tuple(excluded))}
    assert built <= set(nav), built - set(nav)


@pytest.mark.parametrize("source", concept_sources(), ids=site_path)
def test_concept_page_shows_real_files(source):
    """A concept page includes at least one real file, a diagram and commands to try."""
    text = source.read_text(encoding="utf-8")
    included = SNIPPET.findall(text)
    assert included, "no file included with --8<--"
    for path in included:
        assert (ROOT / path.split(":")[0]).is_file(), path
    assert "```mermaid" in text
    assert "## Try it" in text


@pytest.mark.parametrize("source", concept_sources(), ids=site_path)
def test_concept_page_names_its_notebook(source, built_site):
    """The page ends with "Prove it": a link once the notebook exists, its name until then."""
    name = front_matter(source)["notebook"]
    html = (built_site.site / site_path(source) / "index.html").read_text(encoding="utf-8")
    assert 'id="prove-it"' in html
    if (ROOT / "notebooks" / name).exists():
        up = "../" * len(source.relative_to(DOCS).parts)
        assert f'href="{up}notebooks/{name.removesuffix(".ipynb")}/"' in html
    else:
        assert f"<code>notebooks/{name}</code>" in html


@pytest.mark.parametrize("source", sorted(DOCS.rglob("*.md")), ids=site_path)
def test_includes_name_sections_not_line_numbers(source):
    """A part of a file is included by its `--8<-- [start:NAME]` markers, which move with the
    lines they hold; `file:125:133` would silently show other lines after an edit above."""
    for include in SNIPPET.findall(source.read_text(encoding="utf-8")):
        path, _, section = include.partition(":")
        if section:
            assert not re.fullmatch(r"[\d:,-]+", section), f"{include}: line numbers"
            text = (ROOT / path).read_text(encoding="utf-8")
            assert f"--8<-- [start:{section}]" in text and f"--8<-- [end:{section}]" in text, (
                include
            )


@pytest.mark.parametrize("source", concept_sources(), ids=site_path)
def test_concept_page_links_upstream_to_go_deeper(source):
    """Where the page stops, a "Go deeper:" paragraph links the upstream documentation."""
    assert GO_DEEPER.search(source.read_text(encoding="utf-8")), "no 'Go deeper:' upstream link"


def test_notebooks_are_named_by_one_page_each():
    """Every notebook is named by exactly one concept page, which puts it in the nav.

    (A notebook outside the nav fails the strict build; test_docs_notebook_page
    checks where the nav puts it.)
    """
    named = [front_matter(source)["notebook"] for source in concept_sources()]
    assert len(named) == len(set(named)), "two pages name the same notebook"
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert notebook.name in named, f"no page names {notebook.name}"


def test_highlighted_lines_say_what_the_page_expects(built_site):
    """Each highlighted line contains the word its block's data-hl lists: includes can't drift."""
    checked = 0
    problems = []
    for page in sorted(built_site.site.rglob("*.html")):
        parser = HighlightParser()
        parser.feed(page.read_text(encoding="utf-8"))
        for block in parser.blocks:
            if not block["lines"]:
                continue
            where = page.relative_to(built_site.site)
            if block["expect"] is None:
                problems.append(f"{where}: highlighted lines without data-hl")
                continue
            words = block["expect"].split("|")
            if len(words) != len(block["lines"]):
                count = len(block["lines"])
                problems.append(f"{where}: {count} lines highlighted, data-hl={words}")
                continue
            for word, line in zip(words, block["lines"], strict=True):
                checked += 1
                if word not in line:
                    problems.append(f"{where}: expected {word!r} in highlighted line {line!r}")
    assert not problems, "\n".join(problems)
    assert checked >= 20
