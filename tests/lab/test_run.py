"""The one command runner: a timeout it must be given, and errors that say what happened."""

import sys
import time

import pytest

from lab import run

PYTHON = sys.executable


def test_a_timeout_must_be_given():
    with pytest.raises(TypeError, match="timeout"):
        run.run(["true"], purpose="checking the signature")
    with pytest.raises(TypeError, match="timeout"):
        run.start(["true"], purpose="checking the signature")


def test_a_command_that_outlives_its_timeout_is_killed_and_named():
    code = "import time; print('started', flush=True); time.sleep(60)"
    start = time.monotonic()
    with pytest.raises(run.CommandTimedOut) as failure:
        run.run([PYTHON, "-c", code], purpose="waiting on a sleeper", timeout=1)
    assert time.monotonic() - start < 10
    message = str(failure.value)
    assert "time.sleep(60)" in message  # the command
    assert "(waiting on a sleeper)" in message  # what it was for
    assert "timed out (limit 1 s) after 1." in message  # how long it was waited for
    assert message.endswith("  started")  # the tail of its output


def test_a_failure_names_the_exit_code_and_keeps_the_last_lines():
    code = "import sys\nfor n in range(1, 31): print(f'line {n}', file=sys.stderr)\nsys.exit(3)"
    with pytest.raises(run.CommandFailed) as failure:
        run.run([PYTHON, "-c", code], purpose="printing thirty lines", timeout=30)
    message = str(failure.value)
    assert "(printing thirty lines) failed with exit code 3 after " in message
    assert "  line 30" in message and "  line 11\n" in message
    assert "line 10\n" not in message  # only the last 20 lines
    assert failure.value.output.count("line") == 30  # all of it stays on the error


def test_without_check_the_exit_code_is_the_callers():
    result = run.run(["false"], purpose="an answer by exit code", timeout=30, check=False)
    assert result.returncode == 1


def test_a_missing_program_is_named():
    with pytest.raises(run.CommandFailed, match=r"'no-such-program-lab' \(a test\) could not"):
        run.run(["no-such-program-lab"], purpose="a test", timeout=30)


def test_a_background_command_is_bounded_when_awaited():
    process = run.start(["sleep", "60"], purpose="a background sleeper", timeout=0.5)
    with pytest.raises(run.CommandTimedOut, match=r"'sleep 60' \(a background sleeper\) timed"):
        process.finish()
    assert process.returncode is not None  # killed, not left behind
