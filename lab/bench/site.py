"""`make bench`: how fast an author's edit shows, how fast the site builds, how light its pages are.

- `mkdocs serve` of a copy of the project (lab.site.reload): seconds from the
  write of a one-line edit to the live-reload answer that makes the browser
  reload, for a concept page and for a markdown cell of a notebook;
- strict builds with empty caches (as on a fresh machine: every diagram drawn,
  every notebook converted) and warm ones, in wall time and CPU time (the
  machine may be busy: both are printed);
- every concept page loaded from a plain static server (no compression) in
  headless Chromium with the network outside 127.0.0.1 blocked; for the page
  that receives the most bytes, those bytes and its first contentful paint.
Each time is the median of RUNS measurements, all in this one run.
Targets: a page edit in the browser within 2 s, a notebook edit within 4 s;
a strict build within 5 s warm and 10 s cold; a concept page at most 1 MB.
"""

import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import nbformat
from playwright.sync_api import sync_playwright

from lab import browser
from lab.bench.cputime import CpuMeter
from lab.paths import ROOT
from lab.site.build import Build
from lab.site.pages import concept_pages
from lab.site.project_copy import project_copy
from lab.site.reload import Serve
from lab.site.server import StaticServer
from lab.site.visit import Visit

PAGE_EDIT_TARGET, NOTEBOOK_EDIT_TARGET = 2.0, 4.0
WARM_BUILD_TARGET, COLD_BUILD_TARGET, PAGE_BYTES_TARGET = 5.0, 10.0, 1_000_000
RUNS = int(os.environ.get("BENCH_SITE_RUNS", "3"))
PAINT_RUNS = 5
EDITED_PAGE = "docs/operating/probes.md"
EDITED_NOTEBOOK = "notebooks/13-probes.ipynb"


def timed_build(meter: CpuMeter, site: Path, cache: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one strict build; fails loudly if the build does."""
    before = meter.seconds()
    build = Build(ROOT, site, cache)
    if build.result.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{build.output}")
    return build.seconds, meter.seconds() - before


def median_build(meter: CpuMeter, site: Path, caches: Callable[[int], Path]) -> tuple[float, float]:
    """Median (wall, CPU) of RUNS builds, the nth with the cache folder caches(n)."""
    runs = [timed_build(meter, site, caches(n)) for n in range(RUNS)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def page_edit(path: Path, n: int) -> Callable[[], None]:
    """Add the line 'Edited n.' at the end of the page as it first was."""
    original = path.read_text(encoding="utf-8")
    return lambda: path.write_text(f"{original}\nEdited {n}.\n", encoding="utf-8")


def notebook_edit(path: Path, n: int) -> Callable[[], None]:
    """Add the line 'Edited n.' to the notebook's first markdown cell as it first was."""
    notebook = nbformat.read(path, as_version=4)
    cell = next(cell for cell in notebook.cells if cell.cell_type == "markdown")
    original = cell.source

    def edit():
        cell.source = f"{original}\n\nEdited {n}."
        nbformat.write(notebook, path)

    return edit


def reload_times(cache: Path) -> dict[str, tuple[float, float]]:
    """{edit: median (seconds from the write to the reload, the server's CPU seconds)}."""
    with tempfile.TemporaryDirectory(prefix="lab-bench-serve-") as tmp:
        project = project_copy(Path(tmp), copied={"docs", "notebooks"})
        edits = {"page": (page_edit, EDITED_PAGE), "notebook": (notebook_edit, EDITED_NOTEBOOK)}
        found = {}
        with Serve(project, cache) as serve:
            for name, (edit, path) in edits.items():
                runs = [serve.reload_seconds(edit(project / path, n)) for n in range(RUNS)]
                found[name] = tuple(statistics.median(run[i] for run in runs) for i in (0, 1))
    return found


def heaviest_page(site: Path) -> tuple[str, int, float]:
    """(address, bytes received, median first contentful paint in ms) of the heaviest page."""
    with StaticServer(site) as server, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        received = {}
        for path in concept_pages():
            visit = Visit(chromium, f"{server.url}/{path}")
            if visit.blocked or visit.console_errors:
                raise SystemExit(f"{path}: {visit.blocked or visit.console_errors}")
            received[path] = visit.bytes_received
            visit.close()
        path = max(received, key=received.get)
        paints = []
        for _ in range(PAINT_RUNS):
            visit = Visit(chromium, f"{server.url}/{path}")
            paints.append(visit.first_contentful_paint_ms)
            visit.close()
        chromium.close()
    return path, received[path], statistics.median(paints)


def main() -> int:
    meter = CpuMeter()
    load = os.getloadavg()[0]
    try:
        with tempfile.TemporaryDirectory(prefix="lab-bench-site-") as tmp:
            site = Path(tmp) / "site"
            print(f"Building the site {RUNS} times cold (empty caches), then warm ...", flush=True)
            cold_wall, cold_cpu = median_build(meter, site, lambda n: Path(tmp) / f"cold-{n}")
            warm_wall, warm_cpu = median_build(
                meter, site, lambda n: Path(tmp) / f"cold-{RUNS - 1}"
            )
            print(
                f"Editing a page and a notebook {RUNS} times each under mkdocs serve ...",
                flush=True,
            )
            reloads = reload_times(Path(tmp) / f"cold-{RUNS - 1}")
            print("Loading every concept page in headless Chromium ...", flush=True)
            path, size, paint = heaviest_page(site)
    finally:
        meter.close()
    load_after = os.getloadavg()[0]

    (page_reload, page_cpu), (notebook_reload, notebook_cpu) = reloads["page"], reloads["notebook"]
    met = {
        "page edit": page_reload <= PAGE_EDIT_TARGET,
        "notebook edit": notebook_reload <= NOTEBOOK_EDIT_TARGET,
        "warm build": warm_wall <= WARM_BUILD_TARGET,
        "cold build": cold_wall <= COLD_BUILD_TARGET,
        "page size": size <= PAGE_BYTES_TARGET,
    }
    median = f"median of {RUNS}"
    rows = [
        (
            "serve reload",
            "concept page edit",
            f"{page_reload:6.1f} s",
            f"target <= {PAGE_EDIT_TARGET:.0f} s, {median}, write -> reload answer",
        ),
        (
            "",
            "notebook markdown edit",
            f"{notebook_reload:6.1f} s",
            f"target <= {NOTEBOOK_EDIT_TARGET:.0f} s, {median}",
        ),
        ("", "page edit, server CPU", f"{page_cpu:6.1f} s", "CPU the rebuild used"),
        ("", "notebook edit, server CPU", f"{notebook_cpu:6.1f} s", ""),
        (
            "strict build",
            "warm",
            f"{warm_wall:6.1f} s",
            f"target <= {WARM_BUILD_TARGET:.0f} s, {median}",
        ),
        ("", "warm CPU", f"{warm_cpu:6.1f} s", meter.what),
        (
            "",
            "cold",
            f"{cold_wall:6.1f} s",
            f"target <= {COLD_BUILD_TARGET:.0f} s, {median}, empty caches",
        ),
        ("", "cold CPU", f"{cold_cpu:6.1f} s", ""),
        ("heaviest page", path, f"{size / 1e3:6.0f} kB", "target <= 1000 kB, uncompressed"),
        ("", "first paint", f"{paint:6.0f} ms", f"first contentful paint, median of {PAINT_RUNS}"),
    ]
    print()
    for row in rows:
        print("{:<14} {:<26} {:>9}   {}".format(*row))
    cores = os.cpu_count()
    print(f"load average {load:.1f} before, {load_after:.1f} after, on {cores} cores")
    missed = [name for name, ok in met.items() if not ok]
    print(f"TARGET MISSED: {', '.join(missed)}" if missed else "targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
