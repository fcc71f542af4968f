"""A diagram Mermaid cannot draw fails the build, naming its page."""

from lab.site.build import Build
from lab.site.project_copy import project_copy

BROKEN = "\n```mermaid\nflowchart LR\n  A -->\n```\n"


def test_a_broken_diagram_fails_the_build_and_names_its_page(tmp_path):
    project = project_copy(tmp_path / "project", {"docs"})
    page = project / "docs" / "troubleshooting.md"
    page.write_text(page.read_text(encoding="utf-8") + BROKEN, encoding="utf-8")
    build = Build(project, tmp_path / "site", tmp_path / "cache")
    assert build.result.returncode != 0
    assert "troubleshooting.md: a Mermaid diagram failed" in build.output, build.output
