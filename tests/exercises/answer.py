"""What `lab check PAGE --name NAME` must answer for a variant of an exercise."""

import time

from lab.cli import main

CHECK_SECONDS = 60  # one page's check


def check(page: str, name: str, capsys) -> tuple[int, str, float]:
    """Run `lab check PAGE --name NAME`: its exit status, output and time in seconds."""
    capsys.readouterr()
    start = time.monotonic()
    status = main(["check", page, "--name", name])
    return status, capsys.readouterr().out, time.monotonic() - start


def assert_answer(status: int, out: str, seconds: float, key: str | None) -> None:
    """KEY None: accepted, nothing unmet; else refused with KEY's hint, one criterion unmet;
    within CHECK_SECONDS either way."""
    if key is None:
        assert status == 0, out
        assert "hint (" not in out and "NOT MET" not in out, out
    else:
        assert status == 1, out
        assert f"hint ({key}):" in out, out
        assert out.count("NOT MET") == 1, out
    assert seconds < CHECK_SECONDS, out
