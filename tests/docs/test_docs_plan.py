"""Each page with an exercise says, in its front matter, how long it and its exercise take
(in minutes, marked as an estimate unless measured), its level and the pages to read first,
which come before it in the navigation."""

import pytest

from lab.exercises import catalogue
from lab.site.pages import DOCS, front_matter
from tests.docs.test_docs_try_it_claims import nav_order

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
