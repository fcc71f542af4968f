"""The site builds with --strict, fast, and from a clean tree."""

COLD_BUILD_SECONDS = 10


def test_strict_build_is_clean(built_site):
    """`mkdocs build --strict` succeeds and prints no warning."""
    output = built_site.result.stdout + built_site.result.stderr
    assert "WARNING" not in output, output


def test_cold_build_is_fast(built_site):
    """A strict build with no cache takes at most 10 s."""
    print(f"strict build: {built_site.seconds:.1f} s")
    assert built_site.seconds <= COLD_BUILD_SECONDS
