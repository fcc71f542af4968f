"""`make bench`: how fast the site builds and how light its heaviest concept page is.

- a cold strict build (no diagram drawn, no notebook converted yet, as on a fresh
  machine) and a warm one,
  each in wall time and CPU time (the machine may be busy: both are printed);
- every concept page loaded from a plain static server (no compression) in
  headless Chromium with the network outside 127.0.0.1 blocked; for the page
  that receives the most bytes, those bytes and its first contentful paint.
Targets: cold build at most 10 s; a concept page at most 1 MB.
"""

import os
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from lab import browser
from lab.bench.cputime import CpuMeter
from lab.site.build import Build
from lab.site.pages import ROOT, concept_pages
from lab.site.server import StaticServer
from lab.site.visit import Visit

COLD_BUILD_TARGET, PAGE_BYTES_TARGET = 10.0, 1_000_000
PAINT_RUNS = 5


def timed_build(meter: CpuMeter, site: Path, cache: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one strict build; fails loudly if the build does."""
    before = meter.seconds()
    build = Build(ROOT, site, cache)
    if build.result.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{build.output}")
    return build.seconds, meter.seconds() - before


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
            site, cache = Path(tmp) / "site", Path(tmp) / "cache"
            print("Building the site cold (empty caches), then warm ...", flush=True)
            cold_wall, cold_cpu = timed_build(meter, site, cache)
            warm_wall, warm_cpu = timed_build(meter, site, cache)
            print("Loading every concept page in headless Chromium ...", flush=True)
            path, size, paint = heaviest_page(site)
    finally:
        meter.close()

    cold_met, page_met = cold_wall <= COLD_BUILD_TARGET, size <= PAGE_BYTES_TARGET
    rows = [
        ("strict build", "cold", f"{cold_wall:6.1f} s", f"target <= {COLD_BUILD_TARGET:.0f} s"),
        ("", "cold CPU", f"{cold_cpu:6.1f} s", meter.what),
        ("", "warm", f"{warm_wall:6.1f} s", ""),
        ("", "warm CPU", f"{warm_cpu:6.1f} s", ""),
        ("heaviest page", path, f"{size / 1e3:6.0f} kB", "target <= 1000 kB, uncompressed"),
        ("", "first paint", f"{paint:6.0f} ms", f"first contentful paint, median of {PAINT_RUNS}"),
    ]
    print()
    for row in rows:
        print("{:<14} {:<26} {:>9}   {}".format(*row))
    cores = os.cpu_count()
    print(f"load average {load:.1f} on {cores} cores when the builds started")
    print("targets met" if cold_met and page_met else "TARGET MISSED")
    return 0 if cold_met and page_met else 1


if __name__ == "__main__":
    sys.exit(main())
