"""The commands of a page's "Try it" section, as a reader would type them one by one.

Each ```bash block of the section is split into commands: one per line, a line ending in
a backslash continues on the next, and a here-document runs to its terminator. Lines
that hold only a comment are not commands; a trailing comment stays part of its command.
What each command claims is written beside it in a claims file (tests/try_it/claims.yaml).
"""

import re
from pathlib import Path

import yaml

from lab.site.pages import DOCS, ROOT

SECTION = "## Try it"
CLAIMS = ROOT / "tests" / "try_it" / "claims.yaml"  # what each command claims
FENCE = "```"
HEREDOC = re.compile(r"<<-?\s*'?\"?(\w+)'?\"?")
# A Markdown annotation marker at the end of a line, `# (1)!`: text for the reader only.
ANNOTATION = re.compile(r"\s+# \(\d+\)!$")


def section(markdown: str) -> list[str]:
    """The lines of the page's Try it section, up to the next heading of its level or above."""
    lines = markdown.splitlines()
    if SECTION not in lines:
        return []
    start = lines.index(SECTION) + 1
    fenced = False
    for n in range(start, len(lines)):
        if lines[n].lstrip().startswith(FENCE):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,2} ", lines[n]):
            return lines[start:n]
    return lines[start:]


def bash_blocks(lines: list[str]) -> list[list[str]]:
    """The contents of the ```bash fences among `lines`."""
    blocks, current = [], None
    for line in lines:
        if current is None and line.strip() == FENCE + "bash":
            current = []
        elif current is not None and line.strip() == FENCE:
            blocks.append(current)
            current = None
        elif current is not None:
            current.append(line)
    if current is not None:
        raise ValueError("a ```bash fence of the Try it section is never closed")
    return blocks


def split(block: list[str]) -> list[str]:
    """One block's commands."""
    commands, pending, terminator = [], [], None
    for line in block:
        if terminator is not None:  # inside a here-document: taken as written
            pending.append(line)
            if line.strip() == terminator:
                terminator = None
                commands.append("\n".join(pending))
                pending = []
            continue
        line = ANNOTATION.sub("", line)
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending.append(line)
        if line.endswith("\\"):
            continue
        heredoc = HEREDOC.search(line)
        if heredoc:
            terminator = heredoc.group(1)
            continue
        commands.append("\n".join(pending))
        pending = []
    if pending:
        raise ValueError(f"a command doesn't end inside its block: {pending[0]!r}")
    return commands


def commands(page: Path) -> list[str]:
    """Every command of the page's Try it section, in order, its lines joined by newlines."""
    blocks = bash_blocks(section(page.read_text(encoding="utf-8")))
    return [command for block in blocks for command in split(block)]


def pages() -> list[Path]:
    """The pages with a Try it section."""
    return [page for page in sorted(DOCS.rglob("*.md")) if section(page.read_text("utf-8"))]


def claims(path: Path = CLAIMS) -> dict[str, dict]:
    """The `pages` of a claims file: page (relative to docs/) -> {"before", "commands"}, in
    run order. A list inside `before` (a shared list, by YAML alias) reads as its items."""
    pages = yaml.safe_load(path.read_text(encoding="utf-8"))["pages"]
    for claimed in pages.values():
        claimed["before"] = list(_flat(claimed.get("before", [])))
    return pages


def _flat(items: list):
    for item in items:
        if isinstance(item, list):
            yield from _flat(item)
        else:
            yield item
