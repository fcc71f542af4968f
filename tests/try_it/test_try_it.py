"""Every page's Try it commands, run in order on the lab's cluster, do what the page says.

The claims are in claims.yaml (its header states the rules); this runs each page's
`before` commands and its section's commands in one shell in a copy of the project
(conftest.py), then checks every command's result against its claim.
"""

import pytest

from lab.site import try_it
from lab.site.pages import DOCS
from tests.try_it.claims import problems
from tests.try_it.shell import run

PAGES = try_it.claims()
# The longest page (a build, a rollout, a restart, 90 s of load) takes about 3 minutes.
PAGE_TIMEOUT = 900


def for_provider(command: str, provider: str) -> str:
    """The pages write the kind overlay and say that `local` has its own, the same manifests."""
    return command.replace("deploy/k8s/overlays/kind", f"deploy/k8s/overlays/{provider}")


def report(failures: list[tuple[int, str, list[str], object]]) -> str:
    lines = []
    for n, command, found, result in failures:
        lines.append(f"command {n + 1}: {command.splitlines()[0]}")
        lines += [f"    {problem}" for problem in found]
        for stream in ("stdout", "stderr"):
            text = getattr(result, stream).strip()
            if text:
                lines.append(f"    {stream}: {text[-1500:]}")
    return "\n".join(lines)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.removesuffix(".md"))
def test_try_it(page, cluster, project, environment, owned, tmp_path):
    claims = PAGES[page]
    before, written = claims["before"], claims["commands"]
    on_page = try_it.commands(DOCS / page)
    assert len(on_page) == len(written), f"{page}: claims.yaml has no entry for some command"
    commands = [claim["run"] for claim in before] + on_page
    commands = [for_provider(command, cluster) for command in commands]
    everything = [*before, *written]

    results = run(commands, project, environment, tmp_path, PAGE_TIMEOUT)

    by_id = {
        claim["id"]: result
        for claim, result in zip(everything, results, strict=True)
        if "id" in claim
    }
    failures = []
    for n, (claim, command, result) in enumerate(zip(everything, commands, results, strict=True)):
        found = problems(claim, result, by_id)
        if found:
            failures.append((n, command, found, result))
    assert not failures, f"{page}:\n{report(failures)}"
