"""Each page with an exercise says, in its front matter, how long it and its exercise take
(in minutes, marked as an estimate unless measured), its level and the pages to read first,
which come before it in the navigation; the site shows that plan under the page's title,
beside the verified line, and does not build when a page to read first is no page of its own."""

import posixpath
import re

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from lab.exercises import catalogue
from lab.paths import ROOT
from lab.site.pages import DOCS, front_matter, site_path
from tests.docs.test_docs_try_it_claims import nav_order
from tests.docs.test_docs_verification import before_first_section, html_of

LEVELS = ("beginner", "intermediate", "advanced")
SOURCES = {page: next(DOCS.glob(f"*/{page}.md")) for page in catalogue.EXERCISES}


@pytest.mark.parametrize("page", sorted(SOURCES))
def test_page_says_its_time_level_and_what_to_read_first(page):
    source = SOURCES[page]
    meta = front_matter(source)
    minutes = meta.get("minutes")
    assert isinstance(minutes, dict) and set(minutes) == {"read", "exercise", "estimate"}, meta
    assert all(isinstance(minutes[k], int) and minutes[k] > 0 for k in ("read", "exercise"))
    assert isinstance(minutes["estimate"], bool)
    assert meta.get("level") in LEVELS, meta
    assert isinstance(meta.get("prerequisites"), list), meta
    nav = nav_order()
    here = nav.index(source.relative_to(DOCS).as_posix())
    for before in meta["prerequisites"]:
        assert before in nav[:here], f"{page}: {before} is not a page read before it"


# --- the plan as the site's hook writes it ----------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """mkdocs.yml loaded as a build loads it: its hooks, its pages."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        config = load_config(str(ROOT / "mkdocs.yml"))
        yield config, get_files(config)


def rendered(site, uri: str, **meta) -> str:
    """The page's Markdown after the verification hook, with meta laid over its front matter."""
    config, files = site
    page = Page(None, files.get_file_from_path(uri), config)
    page.read_source(config)
    page.meta.update(meta)
    hook = config.plugins["site_hooks/verification.py"]
    return hook.on_page_markdown(page.markdown, page, config, files)


def title_of(source) -> str:
    body = source.read_text().split("\n---\n", 1)[-1]  # after the front matter
    return re.search(r"^# (.+)$", body, re.M).group(1)


def plan_of(markdown: str) -> str:
    """The plan line: under the title, after the verified line or its warning."""
    top = markdown.split("\n## ", 1)[0]
    return next(line for line in top.splitlines() if line.startswith("**Plan:**"))


@pytest.mark.parametrize("page", sorted(SOURCES))
def test_the_plan_line_says_what_the_front_matter_says(site, page):
    source = SOURCES[page]
    uri = source.relative_to(DOCS).as_posix()
    meta = front_matter(source)
    markdown = rendered(site, uri)
    top = markdown.split("\n## ", 1)[0]
    assert top.index("Verified" if "**Verified**" in top else "Not yet verified") < top.index(
        "**Plan:**"
    )
    line = plan_of(markdown)
    minutes = meta["minutes"]
    assert f"{minutes['read']} min to read, {minutes['exercise']} min for the exercise" in line
    assert ("(estimates:" in line) == minutes["estimate"]
    assert f"level: {meta['level']}" in line
    for before in meta["prerequisites"]:
        link = f"[{title_of(DOCS / before)}]({posixpath.relpath(before, posixpath.dirname(uri))})"
        assert link in line, line
    if not meta["prerequisites"]:
        assert line.split("{ .plan }")[0].rstrip().endswith("read first: nothing"), line


def test_the_plan_follows_its_front_matter(site):
    line = plan_of(
        rendered(
            site,
            "docker/multi-stage-builds.md",
            minutes={"read": 7, "exercise": 31, "estimate": False},
            level="advanced",
            prerequisites=["docker/containers-vs-vms.md", "compose/compose.md"],
        )
    )
    assert "7 min to read, 31 min for the exercise (measured)" in line
    assert "level: advanced" in line
    assert "[Containers and virtual machines](containers-vs-vms.md)" in line
    assert f"[{title_of(DOCS / 'compose/compose.md')}](../compose/compose.md)" in line


@pytest.mark.parametrize(
    ("meta", "error"),
    [
        ({"prerequisites": ["docker/no-such-page.md"]}, "prerequisite docker/no-such-page.md is"),
        ({"level": "expert"}, "level must be one of beginner, intermediate, advanced"),
        ({"minutes": {"read": 10}}, "minutes must be {read: N, exercise: N"),
        ({"prerequisites": "docker/containers-vs-vms.md"}, "prerequisites must be a list"),
    ],
)
def test_a_wrong_plan_stops_the_build(site, meta, error):
    with pytest.raises(PluginError, match=re.escape(error)) as raised:
        rendered(site, "docker/images-and-layers.md", **meta)
    assert str(raised.value).startswith("docker/images-and-layers.md: ")


def test_a_page_with_half_a_plan_stops_the_build(site):
    config, files = site
    page = Page(None, files.get_file_from_path("docker/images-and-layers.md"), config)
    page.read_source(config)
    del page.meta["level"]
    hook = config.plugins["site_hooks/verification.py"]
    with pytest.raises(PluginError, match="its plan lacks level"):
        hook.on_page_markdown(page.markdown, page, config, files)


@pytest.mark.parametrize("page", sorted(SOURCES))
def test_the_built_page_shows_its_plan(built_site, page):
    source = SOURCES[page]
    meta = front_matter(source)
    top = before_first_section(html_of(built_site.site, source))
    plan = top.split('class="plan"', 1)[1].split("</p>", 1)[0]
    assert f"{meta['minutes']['read']} min to read" in plan
    assert f"level: {meta['level']}" in plan
    for before in meta["prerequisites"]:
        href = posixpath.relpath(site_path(DOCS / before), site_path(source))
        assert f'href="{href}/"' in plan, plan
