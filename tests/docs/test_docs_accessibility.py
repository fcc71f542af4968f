"""Every page of the strict build meets WCAG 2.1 A and AA (axe-core) in both colour schemes,
and a keyboard alone reaches, scrolls and works what a mouse would."""

import re

import pytest

from lab.site import axe
from lab.site.pages import DOCS, concept_pages

PROBES_PAGE = "operating/probes/"
PROBES_LAB = "notebooks/13-probes/"
# A drawn diagram: its name, the id of its description, and the description.
DIAGRAM = re.compile(
    r'<div class="diagram"><svg role="img" aria-label="([^"]*)" aria-describedby="([^"]+)"'
    r'[^>]*><desc id="([^"]+)">([^<]*)</desc>'
)

# The elements that scroll sideways, each marked with its index in data-scrollable.
MARK_SCROLLABLE_JS = """() => {
    const blocks = [...document.querySelectorAll("body *")].filter(element => {
        const scrolls = ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
        return scrolls && element.scrollWidth > element.clientWidth + 1;
    });
    blocks.forEach((block, index) => block.dataset.scrollable = index);
    return blocks.length;
}"""
# What has the focus, and whether it shows: an outline on the element or, for the palette's
# radio button (drawn as its label), on the label that follows it.
FOCUSED_JS = """() => {
    const focused = document.activeElement;
    const shown = focused.matches(".md-option") ? focused.nextElementSibling : focused;
    const style = getComputedStyle(shown);
    const box = shown.getBoundingClientRect();
    return {
        what: focused.outerHTML.slice(0, 120),
        scrollable: focused.dataset.scrollable ?? null,
        name: focused.getAttribute("aria-label"),
        inNotebook: focused.closest(".jupyter-wrapper") !== null,
        visible: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
            && box.width > 0 && box.height > 0,
    };
}"""


def tab_to(tab, selector: str, limit: int = 20) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def test_the_check_covers_every_page(built_site):
    """The pages checked are the pages built: home, concept pages, labs, report, 404."""
    pages = axe.pages(built_site.site)
    assert {"", "report/", "404.html", PROBES_LAB} <= set(pages)
    assert set(concept_pages()) <= set(pages)


@pytest.mark.parametrize("scheme", axe.SCHEMES)
def test_every_page_meets_wcag_21_aa(built_site, site_url, chromium, scheme):
    """axe-core finds no WCAG 2.1 A or AA violation on any page of the built site."""
    violations = axe.check(chromium, site_url, axe.pages(built_site.site), scheme)
    assert not violations, f"{len(violations)} violations:\n" + "\n".join(map(str, violations))


@pytest.mark.parametrize("path", [PROBES_PAGE, PROBES_LAB])
def test_keyboard_reaches_and_scrolls_every_block(site_url, visit, path):
    """Tab reaches every block that scrolls sideways, names a lab's cells, shows the focus
    at every stop, and the arrow keys scroll a focused block."""
    tab = visit(f"{site_url}/{path}").page
    scrollable = tab.evaluate(MARK_SCROLLABLE_JS)
    assert scrollable > 0, f"{path} has no wide block: the test would prove nothing"
    reached = set()
    for _ in range(2000):
        tab.keyboard.press("Tab")
        focused = tab.evaluate(FOCUSED_JS)
        if focused["what"].startswith("<body"):
            break  # past the last stop
        assert focused["visible"], f"{path}: the focus does not show on {focused['what']}"
        if focused["scrollable"] is not None:
            reached.add(focused["scrollable"])
            if focused["inNotebook"]:
                assert focused["name"], f"{path}: a lab's block has no name: {focused['what']}"
            block = f'[data-scrollable="{focused["scrollable"]}"]'
            tab.keyboard.press("ArrowRight")  # Chromium scrolls smoothly: wait for it
            tab.wait_for_function(f"document.querySelector('{block}').scrollLeft > 0", timeout=2000)
    missing = set(map(str, range(scrollable))) - reached
    assert not missing, f"{path}: {len(missing)} of {scrollable} wide blocks are out of Tab's reach"


def test_search_and_colour_toggle_without_a_mouse(site_url, visit):
    """From the home page: Tab to the search, type, arrow down to a result, Enter opens it;
    Tab to the colour toggle, Enter switches to dark and back."""
    tab = visit(f"{site_url}/").page
    tab_to(tab, ".md-option")
    tab.keyboard.press("Enter")
    assert tab.get_attribute("body", "data-md-color-scheme") == "slate"
    tab.keyboard.press("Enter")  # the focus is on the other palette's button now
    assert tab.get_attribute("body", "data-md-color-scheme") == "default"
    tab_to(tab, ".md-search__input")
    tab.keyboard.type("readiness")
    tab.locator(".md-search-result__item > a").first.wait_for(timeout=10_000)
    for _ in range(10):
        tab.keyboard.press("ArrowDown")
        if PROBES_PAGE in (tab.evaluate("document.activeElement.getAttribute('href')") or ""):
            break
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/{PROBES_PAGE}**")


def test_every_diagram_says_what_it_shows(built_site):
    """Each drawn diagram is an image named by its title and described by its text."""
    fences = sum(source.read_text("utf-8").count("```mermaid") for source in DOCS.rglob("*.md"))
    drawn = []
    for page in built_site.site.rglob("*.html"):
        drawn += DIAGRAM.findall(page.read_text(encoding="utf-8"))
    assert len(drawn) == fences
    for name, described, desc_id, text in drawn:
        assert name.strip() and text.strip() and described == desc_id, (name, described, desc_id)
