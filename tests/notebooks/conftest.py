"""Fixtures of the notebook tests: the notebooks as files (the site: tests/conftest.py)."""

import nbformat
import pytest

from tests.notebooks.nbpaths import notebook_paths


@pytest.fixture(params=notebook_paths(), ids=lambda path: path.stem)
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)
