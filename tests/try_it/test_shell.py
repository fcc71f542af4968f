"""The shell the Try it commands run in: one bash, each command's own result (no cluster)."""

import os

from tests.try_it.shell import run

ENV = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root")}


def test_state_carries_and_each_command_keeps_its_own_output(tmp_path):
    results = run(
        ["X=$(echo carried)", "echo $X; echo oops >&2", "false", "cat <<'EOF'\nlines\nEOF"],
        tmp_path,
        ENV,
        tmp_path / "results",
        timeout=30,
    )
    assert [r.exit for r in results] == [0, 0, 1, 0]
    assert (results[1].stdout, results[1].stderr) == ("carried\n", "oops\n")
    assert results[3].stdout == "lines\n"


def test_background_jobs_are_stopped_when_the_section_ends(tmp_path):
    results = run(["sleep 300 &", "jobs -p"], tmp_path, ENV, tmp_path / "r", timeout=30)
    pid = int(results[1].stdout.split()[0])
    assert not os.path.exists(f"/proc/{pid}")


def test_a_command_that_never_ends_is_cut_off_and_reported(tmp_path):
    results = run(["sleep 1 &", "sleep 300", "echo never"], tmp_path, ENV, tmp_path / "r", 3)
    assert [r.exit for r in results] == [0, None, None]
    assert results[1].seconds == 0.0
