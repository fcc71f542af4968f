"""A diagram Mermaid cannot draw, or one that doesn't say what it shows, fails the build,
naming its page."""

from lab.site.build import Build
from lab.site.project_copy import project_copy

ALTERNATIVE = "  accTitle: A broken diagram\n  accDescr: An arrow from A to nothing.\n"
BROKEN = f"\n```mermaid\nflowchart LR\n{ALTERNATIVE}  A -->\n```\n"
UNDESCRIBED = "\n```mermaid\nflowchart LR\n  A --> B\n```\n"


def build_with(tmp_path, diagram: str) -> Build:
    """Build a copy of the site whose troubleshooting page ends with `diagram`."""
    project = project_copy(tmp_path / "project", {"docs"})
    page = project / "docs" / "troubleshooting.md"
    page.write_text(page.read_text(encoding="utf-8") + diagram, encoding="utf-8")
    return Build(project, tmp_path / "site", tmp_path / "cache")


def test_a_broken_diagram_fails_the_build_and_names_its_page(tmp_path):
    build = build_with(tmp_path, BROKEN)
    assert build.result.returncode != 0
    assert "troubleshooting.md: a Mermaid diagram failed" in build.output, build.output


def test_a_diagram_without_a_text_alternative_fails_the_build(tmp_path):
    build = build_with(tmp_path, UNDESCRIBED)
    assert build.result.returncode != 0
    assert "troubleshooting.md: a Mermaid diagram has no text alternative" in build.output
