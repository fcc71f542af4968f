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
