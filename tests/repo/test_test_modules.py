"""Test modules have distinct file names.

The test folders are not packages, so pytest imports each module under its bare file name: two
`test_x.py` in different folders make collection stop with "import file mismatch". The host
suites run before the cluster's, so this catches it before the cluster is started.
"""

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_no_two_test_modules_share_a_file_name():
    names = Counter(path.name for path in TESTS.rglob("*.py") if path.name != "conftest.py")
    shared = sorted(name for name, count in names.items() if count > 1)
    assert not shared, f"module names used in more than one test folder: {shared}"
