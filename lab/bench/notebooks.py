"""`make bench`: how long each lab ran when its outputs were recorded, and all of them together.

Read from the provenance `lab notebook record NAME` stores in each notebook
(lab/provenance.py); nothing is run. A lab edited since its recording, never
recorded, or not written yet (a concept of docs/concepts.yml without its
notebook) is listed as such and left out of the total.
Target: the 17 labs within 30 minutes in total, with the cluster up.
"""

import nbformat
import yaml

from lab import provenance
from lab.site.pages import DOCS

TOTAL_TARGET_SECONDS = 30 * 60


def rows() -> list[tuple[str, float | None, str]]:
    """(notebook stem, seconds or None, what the recording says) for every lab of the inventory."""
    inventory = yaml.safe_load((DOCS / "concepts.yml").read_text(encoding="utf-8"))
    names = sorted({entry["notebook"] for entry in inventory})
    names += sorted(p.name for p in provenance.NOTEBOOKS.glob("*.ipynb") if p.name not in names)
    found = []
    for name in names:
        path = provenance.NOTEBOOKS / name
        stem = path.stem
        if not path.is_file():
            found.append((stem, None, "not written yet"))
            continue
        nb = nbformat.read(path, as_version=4)
        entry = provenance.provenance(nb)
        if entry is None:
            found.append((stem, None, f"never recorded: lab notebook record {stem}"))
        elif entry["code_sha256"] != provenance.code_hash(nb):
            found.append((stem, None, f"edited since recorded: lab notebook record {stem}"))
        else:
            env = entry["environment"]
            on = f"{env['provider']} cluster" if env.get("provider") else "Docker only"
            found.append((stem, entry["seconds"], f"recorded {entry['recorded'][:10]}, {on}"))
    return found


def main() -> None:
    found = rows()
    width = max(len(stem) for stem, _, _ in found)
    print("Notebooks: run time when recorded (lab notebook record)")
    for stem, seconds, note in found:
        shown = f"{seconds:7.1f} s" if seconds is not None else "      - "
        print(f"  {stem:<{width}}  {shown}  {note}")
    timed = [seconds for _, seconds, _ in found if seconds is not None]
    total = sum(timed)
    if len(timed) < len(found):
        verdict = f"the target (all within {TOTAL_TARGET_SECONDS // 60} min) needs every lab"
    elif total <= TOTAL_TARGET_SECONDS:
        verdict = f"within the target of {TOTAL_TARGET_SECONDS // 60} min"
    else:
        verdict = f"OVER the target of {TOTAL_TARGET_SECONDS // 60} min"
    print(
        f"  total: {total:.1f} s ({total / 60:.1f} min) for {len(timed)} of {len(found)} labs;"
        f" {verdict}"
    )


if __name__ == "__main__":
    main()
