"""Headless Chromium from Debian's package, driven by Playwright (never `playwright install`)."""

from pathlib import Path

from lab.errors import LabError

CHROMIUM = Path("/usr/bin/chromium")

# Offline and quiet: no update checks, no sync, no background requests.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright):
    """Start Debian's Chromium through a `sync_playwright()` handle."""
    if not CHROMIUM.exists():
        raise LabError(f"'{CHROMIUM}' is missing; install it with 'apt-get install -y chromium'")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
