"""Where the browser tests keep their screenshots (CI uploads the folder)."""

import os
from pathlib import Path

from lab.paths import ROOT

ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", ROOT / "build" / "artifacts")) / "docs"
