"""The README's "What is where" names every part of `lab/` the tree has, and nothing it lacks."""

import re

from lab.paths import ROOT

LAB = ROOT / "lab"


def what_is_where() -> str:
    text = (ROOT / "README.md").read_text()
    return text.split("## What is where", 1)[1].split("\n## ", 1)[0]


def test_every_part_of_lab_is_named():
    section = what_is_where()
    parts = [p for p in LAB.iterdir() if p.name not in ("__init__.py", "__pycache__")]
    missing = sorted(
        p.name for p in parts if f"`{p.name}" not in section and f"/{p.name}" not in section
    )
    assert not missing, f"parts of lab/ the README does not name: {missing}"


def test_every_lab_path_named_exists():
    named = re.findall(r"`lab/([\w./]+?)/?`", what_is_where())
    assert named
    absent = [name for name in named if not (LAB / name).exists()]
    assert not absent, f"the README names lab/ paths the tree lacks: {absent}"
