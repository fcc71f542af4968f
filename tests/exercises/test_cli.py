"""`lab check`'s answers that need no exercise applied: an unknown page, every page known."""

import pytest

from lab.cli import main
from lab.exercises import catalogue
from lab.paths import ROOT


def test_an_unknown_page_is_a_clear_error(capsys):
    assert main(["check", "no-such-page"]) == 1
    err = capsys.readouterr().err
    assert "no exercise for page 'no-such-page'" in err
    assert "images-and-layers" in err  # it names the pages that have one


@pytest.mark.parametrize("page", sorted(catalogue.EXERCISES))
def test_a_page_is_found_by_name_or_path(page):
    path = next(ROOT.glob(f"docs/*/{page}.md")).relative_to(ROOT)
    assert catalogue.lookup(str(path)) is catalogue.lookup(page)


def test_the_pages_with_a_your_turn_section_are_the_exercises():
    """Each exercise's page has the section, with its solution included from its files."""
    with_section = {
        page.stem
        for page in (ROOT / "docs").rglob("*.md")
        if "\n## Your turn\n" in page.read_text(encoding="utf-8")
    }
    assert with_section == set(catalogue.EXERCISES)
    for page in catalogue.EXERCISES:
        text = next(ROOT.glob(f"docs/*/{page}.md")).read_text(encoding="utf-8")
        section = text.split("\n## Your turn\n", 1)[1]
        assert f'--8<-- "exercises/{page}/solution/' in section, page
        assert '??? success "A solution"' in section, page
