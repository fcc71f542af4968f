"""The notebooks under nbval: each notebook is followed by a check that it left nothing behind.

Run them with the options below (the Makefile's `make test` does):

    uv run pytest --nbval --nbval-current-env --nbval-cell-timeout 300 \
        --nbval-sanitize-with notebooks/sanitize.cfg notebooks/

`--nbval-current-env` runs every notebook on a kernel of the Python that runs
pytest, the project's .venv, whatever kernels the machine has registered.
"""

import pytest
from nbval.plugin import IPyNbFile

from lab import notebook


class LeavesNothingBehind(pytest.Item):
    """Fails when a Docker object, the work directory, or a namespace, volume or image in the
    cluster of this notebook outlives it; removes them.

    Runs after the notebook's last cell: the notebook's own cleanup cell should
    already have removed everything it made (see lab/notebook.py).
    """

    def runtest(self):
        name = self.parent.path.stem
        left = notebook.leftovers(name)
        if left:
            notebook.cleanup(name)
            raise AssertionError(f"notebook {name!r} left things behind: {left}")

    def reportinfo(self):
        return self.path, None, f"{self.parent.path.name}::leaves nothing behind"


def pytest_collection_modifyitems(session, config, items):
    notebooks = []
    for item in items:
        if isinstance(item.parent, IPyNbFile) and item.parent not in notebooks:
            notebooks.append(item.parent)
    for parent in notebooks:
        last = max(i for i, item in enumerate(items) if item.parent is parent)
        check = LeavesNothingBehind.from_parent(parent, name="leaves-nothing-behind")
        items.insert(last + 1, check)
