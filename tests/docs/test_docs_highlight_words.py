"""Highlights are found by the words of a line, in file order, and a missing word is an error."""

import pytest

from site_hooks.highlight_words import included_lines, line_numbers

LINES = ["FROM base AS builder", "RUN make", "FROM base AS runtime", "USER 10001", "RUN make"]


def test_words_are_found_in_file_order():
    """The same word twice means two lines, each after the one before."""
    assert line_numbers(["AS builder", "RUN make", "RUN make"], LINES) == [1, 2, 5]


def test_a_word_no_line_says_is_an_error():
    """A line edited away fails, naming the word."""
    with pytest.raises(LookupError, match="HEALTHCHECK"):
        line_numbers(["HEALTHCHECK"], LINES)


def test_a_word_before_the_previous_match_is_not_found():
    """Words must follow the file's order, so each highlight is unambiguous."""
    with pytest.raises(LookupError):
        line_numbers(["USER", "AS builder"], LINES)


def test_included_lines_follow_the_snippet_range():
    """'path:start:end' counts from 1 and includes both ends, as pymdownx.snippets does."""
    whole = included_lines("deploy/versions.yaml")
    assert included_lines("deploy/versions.yaml:2:3") == whole[1:3]
