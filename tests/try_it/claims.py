"""The check of one command's result against its claims (tests/try_it/claims.yaml)."""

import re

from tests.try_it.shell import Result

KEYS = {
    "run", "exit", "stdout", "stderr", "no_stdout", "no_stderr", "id", "same_stdout_as",
    "stdout_in", "seconds", "distinct",
}  # fmt: skip


def _patterns(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def problems(claim: dict, result: Result, by_id: dict[str, Result]) -> list[str]:
    """What in `result` contradicts `claim`; empty when it holds."""
    unknown = set(claim) - KEYS
    if unknown:
        return [f"claims.yaml: unknown keys {sorted(unknown)}"]
    found = []
    expected_exit = claim.get("exit", 0)
    if result.exit != expected_exit:
        ended = "never ended" if result.exit is None else f"exited {result.exit}"
        found.append(f"{ended}, expected exit {expected_exit}")
    for stream in ("stdout", "stderr"):
        text = getattr(result, stream)
        for pattern in _patterns(claim.get(stream)):
            if not re.search(pattern, text, re.MULTILINE):
                found.append(f"{stream} lacks /{pattern}/")
        for pattern in _patterns(claim.get(f"no_{stream}")):
            if re.search(pattern, text, re.MULTILINE):
                found.append(f"{stream} has /{pattern}/")
    if "same_stdout_as" in claim:
        other = by_id[claim["same_stdout_as"]].stdout.strip()
        if result.stdout.strip() != other:
            found.append(f"stdout differs from {claim['same_stdout_as']}'s: {other!r}")
    if "stdout_in" in claim:
        other = by_id[claim["stdout_in"]].stdout
        if not result.stdout.strip() or result.stdout.strip() not in other:
            found.append(f"stdout is not in {claim['stdout_in']}'s: {other!r}")
    if "seconds" in claim:
        least, most = claim["seconds"]
        if not least <= result.seconds <= most:
            found.append(f"took {result.seconds:.1f} s, not within {least}-{most} s")
    if "distinct" in claim:
        values = set(re.findall(claim["distinct"]["pattern"], result.stdout))
        if len(values) < claim["distinct"]["at_least"]:
            found.append(f"only {len(values)} distinct values of /{claim['distinct']['pattern']}/")
    return found
