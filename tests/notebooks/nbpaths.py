"""Where the notebooks are."""

from pathlib import Path

from lab.paths import ROOT

NOTEBOOKS = ROOT / "notebooks"


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))
