"""Test folders are packages (pytest's recommended layout for tests beside the code): each
module is imported by its full name, tests.<suite>.<module>, so helpers are imported one way
and two suites may hold modules of the same file name."""

from lab.paths import ROOT

TESTS = ROOT / "tests"


def test_every_test_folder_is_a_package():
    folders = {path.parent for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts}
    loose = sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").exists())
    assert not loose, f"test folders without __init__.py: {loose}"


def test_helpers_are_imported_by_their_package():
    """`from clusterlib import ...` works only while pytest puts the test's folder on sys.path,
    which it does not for packages."""
    helpers = {p.stem for p in TESTS.rglob("*.py") if not p.name.startswith(("test_", "__"))}
    helpers -= {"conftest"}
    bare = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in TESTS.rglob("*.py")
        for line in path.read_text().splitlines()
        if line.startswith(
            tuple(f"{word} {name}" for name in helpers for word in ("from", "import"))
        )
        and not line.startswith("from __future__")
    ]
    assert not bare, f"helpers imported by their bare name: {bare}"
