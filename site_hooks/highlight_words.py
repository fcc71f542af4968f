"""Highlight the lines of an included file by what they say, not by their number.

A code block that includes a real file names the words of the lines that
matter, in file order:

    ``` { .dockerfile title="Dockerfile" data-hl="COPY requirements|USER" }
    --8<-- "Dockerfile"
    ```

Before the page is converted, each word is looked up in the included lines
(after the previous word's line) and the block gets the matching `hl_lines`.
A line edited away fails the build with the word that went missing, so the
highlights follow the file as it changes and never point at the wrong line.
"""

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent

BLOCK = re.compile(
    r'^(?P<indent>[ \t]*)``` \{(?P<header>[^}\n]*\bdata-hl="(?P<words>[^"]+)"[^}\n]*)\}[ \t]*\n'
    r'(?P=indent)--8<-- "(?P<include>[^"]+)"[ \t]*\n',
    re.MULTILINE,
)


SECTION_MARKER = re.compile(r"--8<-- \[(start|end):([\w-]+)\]")


def included_lines(include: str) -> list[str]:
    """The lines pymdownx.snippets includes for 'path', 'path:start[:end]' or 'path:section'.

    Section markers (`# --8<-- [start:name]` ... `[end:name]`) are never part of the output.
    """
    path, *rest = include.split(":")
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    if rest and not rest[0].isdigit():
        marks = [i for i, line in enumerate(lines) if f"[start:{rest[0]}]" in line]
        ends = [i for i, line in enumerate(lines) if f"[end:{rest[0]}]" in line]
        if not marks or not ends:
            raise LookupError(f"section {rest[0]}")
        lines = lines[marks[0] + 1 : ends[0]]
    elif rest:
        start = int(rest[0])
        end = int(rest[1]) if len(rest) > 1 else len(lines)
        lines = lines[start - 1 : end]
    return [line for line in lines if not SECTION_MARKER.search(line)]


def line_numbers(words: list[str], lines: list[str]) -> list[int]:
    """1-based numbers of the lines holding each word, each found after the one before."""
    numbers = []
    position = 0
    for word in words:
        found = next((i for i in range(position, len(lines)) if word in lines[i]), None)
        if found is None:
            raise LookupError(word)
        numbers.append(found + 1)
        position = found + 1
    return numbers


def on_page_markdown(markdown, page, config, files):
    def add_hl_lines(match):
        if "hl_lines=" in match.group("header"):
            raise PluginError(f"{page.file.src_uri}: use data-hl or hl_lines, not both")
        include = match.group("include")
        try:
            numbers = line_numbers(match.group("words").split("|"), included_lines(include))
        except LookupError as missing:
            raise PluginError(
                f"{page.file.src_uri}: no line of '{include}' says {missing.args[0]!r} "
                "(after the lines before it); fix the page's data-hl"
            ) from None
        hl_lines = " ".join(str(number) for number in numbers)
        header = f'{match.group("header").rstrip()} hl_lines="{hl_lines}" '
        indent = match.group("indent")
        return f'{indent}``` {{{header}}}\n{indent}--8<-- "{include}"\n'

    return BLOCK.sub(add_hl_lines, markdown)
