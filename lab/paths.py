"""Where the checkout is: every path in the repository is found from ROOT, and only from it."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
