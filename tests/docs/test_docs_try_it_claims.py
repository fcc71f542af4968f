"""Every command of every Try it section has its claim in tests/try_it/claims.yaml, in order,
and the pages run in the order of the site's navigation (no cluster needed to check it)."""

import re

from lab.site import try_it
from lab.site.pages import DOCS, ROOT

PAGES = try_it.claims()


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
            assert command.startswith(claim["run"]), (
                f"{page}: {command.splitlines()[0]!r} is claimed as {claim['run']!r}"
            )


def test_a_shared_before_list_reads_as_its_commands():
    before = [claim["run"] for claim in PAGES["operating/probes.md"]["before"]]
    assert before[0] == "make image" and before[-1].startswith("kubectl -n taskapp rollout")
    assert all(isinstance(run, str) for run in before)


def test_the_section_parser_joins_continuations_and_heredocs():
    autoscaling = try_it.commands(DOCS / "operating" / "autoscaling.md")
    assert autoscaling[1].startswith("cat > build/autoscaled/kustomization.yaml <<'EOF'\n")
    assert autoscaling[1].endswith("\nEOF")
    assert not any(command.lstrip().startswith("#") for command in autoscaling)
    build = try_it.commands(DOCS / "docker" / "dockerignore-and-tags.md")[0]
    assert build.count("\n") == 1 and build.endswith("grep 'transferring context'")
