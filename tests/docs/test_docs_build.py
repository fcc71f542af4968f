"""The site builds with --strict from a clean tree (its speed is measured by `make bench`)."""


def test_strict_build_is_clean(built_site):
    """`mkdocs build --strict` succeeds and prints no warning."""
    assert "WARNING" not in built_site.output, built_site.output
