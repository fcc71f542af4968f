"""Every command of every Try it section has its claim in tests/try_it/claims.yaml, in order,
and the pages run in the order of the site's navigation (no cluster needed to check it)."""

import re
from pathlib import Path

import yaml

from lab.site import try_it
from lab.site.pages import DOCS, ROOT

CLAIMS = yaml.safe_load((ROOT / "tests" / "try_it" / "claims.yaml").read_text())
SHARED = {"before-you-start", "namespace"}
PAGES = {page: claims for page, claims in CLAIMS.items() if page not in SHARED}


def nav_order() -> list[str]:
    """The pages of mkdocs.yml's nav, in order (read as text: the file has custom tags)."""
    return re.findall(r"^\s+- [^:]+: (\S+\.md)$", (ROOT / "mkdocs.yml").read_text(), re.M)


def test_every_page_with_a_try_it_section_has_claims_in_nav_order():
    with_section = {page.relative_to(DOCS).as_posix() for page in try_it.pages()}
    assert set(PAGES) == with_section
    nav = [page for page in nav_order() if page in with_section]
    assert list(PAGES) == nav


def test_every_command_has_its_claim_in_order():
    for page, claims in PAGES.items():
        on_page = try_it.commands(DOCS / page)
        written = claims["commands"]
        assert len(on_page) == len(written), (
            f"{page}: {len(on_page)} commands on the page, {len(written)} in claims.yaml"
        )
        for command, claim in zip(on_page, written, strict=True):
            assert command.text.startswith(claim["run"]), (
                f"{page}: {command.first_line!r} is claimed as {claim['run']!r}"
            )


def test_the_section_parser_joins_continuations_and_heredocs(tmp_path):
    page = Path(DOCS / "operating" / "autoscaling.md")
    texts = [command.text for command in try_it.commands(page)]
    assert texts[1].startswith("cat > build/autoscaled/kustomization.yaml <<'EOF'\n")
    assert texts[1].endswith("\nEOF")
    assert not any(text.lstrip().startswith("#") for text in texts)
    multi = [text for text in try_it.commands(DOCS / "docker" / "dockerignore-and-tags.md")]
    assert multi[0].text.count("\n") == 1 and multi[0].text.endswith("grep 'transferring context'")
