"""The figures a lab proves, stored as data in the notebook's outputs, for the site to read.

In a notebook, after the asserts that prove them:

    from lab import figures
    figures.show(cold_build="41.2 s", image_size="131 MB", layers_rebuilt=1)

shows one line per figure (`cold_build: 41.2 s`) and stores the values
themselves in the same output, as JSON name-value pairs in the order given.
`figures.read(path)` gives back {name: value} from a stored notebook (a later
cell overrides an earlier name): the concept pages and the verification report
are built from it.

Values are numbers, strings, or small lists and dicts of them: whatever JSON
holds exactly. Anything else (a Path, a set, NaN) is refused with an error
that names the figure.

How nbval sees it. nbval (0.11, `nbval/plugin.py`, `compare_outputs`)
compares every MIME type of an output's `data` except a fixed list (output
`metadata`, tracebacks, widget views, and PNG/JPEG unless `--nbdime`), and it
applies the sanitizers of notebooks/sanitize.cfg to strings only: a JSON dict
in `data` would be compared as is, so a duration that changes from run to run
would fail every run. The output therefore carries the text in `data`
(`text/plain`, compared and sanitized) and the values in the output's
`metadata` under the MIME type name below, which nbval never compares. So:

* the text line is what nbval checks: write a value that varies between runs
  the way a sanitizer covers it, as a string with its unit ("12.3 s",
  "45 MB", "3.2x"), or mark the cell `# NBVAL_IGNORE_OUTPUT`;
* a bare number (`layers_rebuilt=1`) is compared exactly: use it for figures
  that must not change.
"""

import json
import math
from pathlib import Path

from lab.errors import LabError

MIME = "application/vnd.taskapp-lab.figures+json"
# A figure is a headline, not a data set: a page shows it on one line.
MAX_JSON_CHARS = 2000


class FiguresError(LabError):
    """A figure that JSON can't hold exactly, or a notebook whose figures can't be read."""


def _check(name: str, value) -> None:
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FiguresError(f"figure {name!r}: {value!r} is not a finite number")
        return
    if isinstance(value, list | tuple):
        for item in value:
            _check(name, item)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise FiguresError(f"figure {name!r}: dict key {key!r} is not a string")
            _check(name, item)
        return
    raise FiguresError(
        f"figure {name!r}: {type(value).__name__} {value!r} is not JSON;"
        " give a number, a string, or a list or dict of them"
    )


def text(values: dict) -> str:
    """One line a figure, `name: value`, as the notebook shows it and nbval compares it."""
    return "\n".join(f"{name}: {format_value(value)}" for name, value in values.items())


def format_value(value) -> str:
    """A value as a reader sees it: strings as they are, the rest as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(", ", ": "), ensure_ascii=False)


def bundle(**values) -> tuple[dict, dict]:
    """(data, metadata) of the output `show` makes; checked first."""
    if not values:
        raise FiguresError("figures.show() needs at least one figure, e.g. build_time='12.3 s'")
    for name, value in values.items():
        _check(name, value)
    stored = json.loads(json.dumps(values))  # tuples become lists, as they are read back
    size = len(json.dumps(stored))
    if size > MAX_JSON_CHARS:
        raise FiguresError(
            f"figures take {size} characters of JSON (at most {MAX_JSON_CHARS}):"
            " show headline figures, plot the data set"
        )
    # Name-value pairs: nbformat writes JSON objects with sorted keys, and the
    # order is the author's (headline first).
    return {"text/plain": text(stored)}, {MIME: [[name, value] for name, value in stored.items()]}


def show(**values) -> None:
    """Display the figures in the notebook and store their values in the cell's output."""
    from IPython.display import display

    data, metadata = bundle(**values)
    display(data, metadata=metadata, raw=True)


def read(notebook_path: str | Path) -> dict:
    """{name: value} of every figure stored in the notebook, in cell order (later names win)."""
    import nbformat  # here: the site formats figures on every build, and reads them seldom

    path = Path(notebook_path)
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as err:
        raise FiguresError(f"cannot read figures from {path}: {err}") from err
    return of(notebook)


def of(notebook) -> dict:
    """{name: value} of every figure in a notebook already read (later names win)."""
    found: dict = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            stored = output.get("metadata", {}).get(MIME)
            if isinstance(stored, list):
                found.update((name, value) for name, value in stored)
    return found
