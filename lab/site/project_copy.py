"""A copy of the repository to build a changed site from, nothing written to the repository."""

import shutil
from pathlib import Path

from lab.paths import ROOT

# Never part of a build, or rebuilt by it.
SKIPPED = {".cache", "site", ".git"}


def project_copy(dest: Path, copied: set[str], empty: set[str] = frozenset()) -> Path:
    """Link every top-level entry into `dest`, but copy those in `copied` and create `empty` ones.

    site_hooks is always copied: the hooks find docs/ and notebooks/ next to themselves.
    An `empty` folder has no notebook, but links the rest of the original (the files
    under notebooks/samples/ that pages include).
    """
    dest.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        name = entry.name
        if name in SKIPPED or name in empty:
            continue
        if name in copied | {"site_hooks"}:
            copy = shutil.copytree if entry.is_dir() else shutil.copy
            copy(entry, dest / name)
        else:
            (dest / name).symlink_to(entry)
    for name in empty:
        (dest / name).mkdir()
        for entry in (ROOT / name).iterdir():
            if entry.suffix != ".ipynb":
                (dest / name / entry.name).symlink_to(entry)
    return dest
