"""Stands in for `pip install -r`: takes a while, then records what it installed and when."""

import pathlib
import sys
import time
import uuid

time.sleep(3)
installed = pathlib.Path("/opt/deps")
installed.mkdir(parents=True, exist_ok=True)
names = pathlib.Path(sys.argv[1]).read_text().split()
(installed / "installed.txt").write_text("\n".join(names) + "\n")
(installed / "run-id").write_text(uuid.uuid4().hex + "\n")
