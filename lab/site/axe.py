"""axe-core's WCAG 2.1 A and AA rules, run on the pages of a built site in headless Chromium.

axe-core comes from npm (package.json, installed by `npm ci` into node_modules). Each
colour scheme gets one browser context that emulates the reader's preference; the
site's palette follows it (mkdocs.yml pairs each palette with a prefers-color-scheme
media query), and one tab of that context visits every page in turn.
"""

from dataclasses import dataclass
from pathlib import Path

from lab.errors import LabError
from lab.paths import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The reader's preference (Playwright's color_scheme) -> the Material scheme it selects.
SCHEMES = {"light": "default", "dark": "slate"}

RUN_JS = """async tags => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations.flatMap(rule => rule.nodes.map(node => ({
        rule: rule.id,
        help: rule.help,
        target: node.target.join(" "),
        html: node.html,
        summary: node.failureSummary,
    })));
}"""


@dataclass(frozen=True)
class Violation:
    page: str  # the page's address relative to the site root
    scheme: str  # light or dark
    rule: str  # axe-core's rule id, e.g. color-contrast
    help: str
    target: str  # a CSS selector of the element
    html: str
    summary: str

    def __str__(self) -> str:
        fix = " ".join(self.summary.split())
        return f"{self.page} [{self.scheme}] {self.rule} ({self.help}) at {self.target}: {fix}"


def pages(site: Path) -> list[str]:
    """Every HTML page of a built site by its address: '' (home), 'report/', '404.html'."""
    found = []
    for path in sorted(site.rglob("*.html")):
        address = path.relative_to(site).as_posix()
        found.append(address.removesuffix("index.html"))
    return found


def check(chromium, base_url: str, addresses: list[str], scheme: str) -> list[Violation]:
    """The violations of every page in `addresses`, opened in one tab in `scheme`."""
    if not AXE.exists():
        raise LabError(f"axe-core is not installed in '{AXE.parent}'; run 'npm ci' first")
    context = chromium.new_context(color_scheme=scheme)
    try:
        context.add_init_script(path=AXE)
        tab = context.new_page()
        found = []
        for address in addresses:
            tab.goto(f"{base_url}/{address}", wait_until="load")
            shown = tab.get_attribute("body", "data-md-color-scheme")
            if shown != SCHEMES[scheme]:
                raise LabError(f"{address}: the page shows scheme {shown!r}, not {scheme}")
            for node in tab.evaluate(RUN_JS, TAGS):
                found.append(Violation(page=address or "/", scheme=scheme, **node))
        return found
    finally:
        context.close()
