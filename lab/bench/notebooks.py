"""`make bench`: how long each lab ran when its outputs were recorded, and all of them together.

Read from the provenance `lab notebook record NAME` stores in each notebook
(lab/provenance.py), and beside it each lab's time in the latest `make test` (or pytest)
run that ran it, which lab/pytest_group_times.py keeps; nothing is run. A lab edited
since its recording, never recorded, or not written yet (a concept of docs/concepts.yml
without its notebook) is listed as such and left out of the total.
Target: the 17 labs within 30 minutes in total, with the cluster up.
"""

import json

import nbformat
import yaml

from lab import provenance
from lab.pytest_group_times import LAST_RUN
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


def last_run() -> dict[str, float]:
    """Each notebook's time in the latest test run that ran it (lab/pytest_group_times.py)."""
    path = provenance.NOTEBOOKS.parent / LAST_RUN
    kept = json.loads(path.read_text()) if path.exists() else {}
    return {stem: entry["seconds"] for stem, entry in kept.items()}


def verdict(seconds: list[float], labs: int) -> str:
    total = sum(seconds)
    if len(seconds) < labs:
        judged = f"the target (all within {TOTAL_TARGET_SECONDS // 60} min) needs every lab"
    elif total <= TOTAL_TARGET_SECONDS:
        judged = f"within the target of {TOTAL_TARGET_SECONDS // 60} min"
    else:
        judged = f"OVER the target of {TOTAL_TARGET_SECONDS // 60} min"
    return f"{total:.1f} s ({total / 60:.1f} min) for {len(seconds)} of {labs} labs; {judged}"


def main() -> None:
    found = rows()
    ran = last_run()
    width = max(len(stem) for stem, _, _ in found)
    print("Notebooks: run time when recorded (lab notebook record), and in the latest test run")
    print(f"  {'':<{width}}  {'recorded':>9}  {'test run':>9}")
    for stem, seconds, note in found:
        shown = f"{seconds:7.1f} s" if seconds is not None else "      - "
        tested = f"{ran[stem]:7.1f} s" if stem in ran else "      - "
        print(f"  {stem:<{width}}  {shown}  {tested}  {note}")
    recorded = [seconds for _, seconds, _ in found if seconds is not None]
    tested = [ran[stem] for stem, _, _ in found if stem in ran]
    print(f"  total when recorded: {verdict(recorded, len(found))}")
    print(f"  total in the latest test runs: {verdict(tested, len(found))}")


if __name__ == "__main__":
    main()
