"""Where the checkout is: every path in the repository is found from ROOT, and only from it."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The project's own command-line tools (uv, and the docker CLI of the engine it builds):
# git-ignored, first on PATH in the Makefile, the scripts and every command the lab runs.
TOOLS_BIN = ROOT / ".tools" / "bin"
