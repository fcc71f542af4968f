"""The notebooks follow the lab conventions: named in reading order, clean up, outputs stored."""

import re

from lab.notebook import label

NAME = re.compile(r"\d\d-[a-z0-9-]+")


def code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_named_in_reading_order(notebook):
    """A notebook is named NN-topic, like the concept page that names it."""
    path, _ = notebook
    assert NAME.fullmatch(path.stem), path.name


def test_cleans_up_at_start_and_end(notebook):
    """The first and the last code cell both clean up what the notebook makes."""
    path, nb = notebook
    cells = code_cells(nb)
    for cell in (cells[0], cells[-1]):
        assert "notebook.cleanup(NAME)" in cell.source, cell.source
    assert f'NAME = "{path.stem}"' in cells[0].source, "NAME is the notebook's own name"
    assert label(path.stem).startswith("lab.notebook=")


def test_outputs_come_from_a_run(notebook):
    """Every code cell was executed in order, and no stored output is an error."""
    _, nb = notebook
    counts = [cell.execution_count for cell in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "run it top to bottom (nbconvert --execute)"
    errors = [out for cell in code_cells(nb) for out in cell.outputs if out.output_type == "error"]
    assert not errors


def test_volatile_cells_say_so(notebook):
    """An ignored output is marked by the one marker, on a line of its own."""
    _, nb = notebook
    for cell in code_cells(nb):
        for line in cell.source.splitlines():
            if "NBVAL" in line:
                assert line.strip() == "# NBVAL_IGNORE_OUTPUT", line
