"""Where the pages of the site are: the sources under docs/ and their addresses."""

from pathlib import Path

import yaml

from lab.paths import ROOT

DOCS = ROOT / "docs"


def front_matter(source: Path) -> dict:
    text = source.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text.split("---\n", 2)[1]) or {}


def concept_sources() -> list[Path]:
    """The concept pages: the pages that name their notebook in the front matter."""
    return [source for source in sorted(DOCS.rglob("*.md")) if "notebook" in front_matter(source)]


def site_path(source: Path) -> str:
    """The address of a page relative to the site root, e.g. 'operating/probes/'."""
    return source.relative_to(DOCS).with_suffix("").as_posix() + "/"


def concept_pages() -> list[str]:
    return [site_path(source) for source in concept_sources()]
