"""Run a list of shell commands in one bash, as a reader types them, keeping each one's result.

One bash runs them all, so variables (`URL=...`), the working directory and background
jobs (`... &`, then `kill %1`) carry from one command to the next, as in a terminal. Job
control is on (`set -m`): a background job is a process group of its own, and whatever
is still running when the last command ends is stopped with its children.
"""

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    command: str
    exit: int | None  # None: the command never ended (the run timed out in it) or never ran
    stdout: str
    stderr: str
    seconds: float


def script(commands: list[str], results: Path) -> str:
    """The bash script: each command in a group whose output, status and times go to files."""
    lines = ["set -m", "exec < /dev/null"]
    for n, command in enumerate(commands):
        lines += [
            f"date +%s.%N > {results}/{n}.start",
            "{ " + command,
            f"}} > {results}/{n}.out 2> {results}/{n}.err",
            f"echo $? > {results}/{n}.exit",
            f"date +%s.%N > {results}/{n}.end",
        ]
    lines.append('for job in $(jobs -p); do kill -TERM -- "-$job" 2> /dev/null; done; wait')
    return "\n".join(lines) + "\n"


def run(
    commands: list[str], cwd: Path, env: dict[str, str], results: Path, timeout: float
) -> list[Result]:
    """Run `commands` in order in one bash in `cwd`; every result, even after a timeout."""
    results.mkdir(parents=True, exist_ok=True)
    path = results / "script.sh"
    path.write_text(script(commands, results))
    process = subprocess.Popen(["bash", str(path)], cwd=cwd, env=env, start_new_session=True)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        kill_session(process.pid)
        process.wait()
    return [_result(command, results, n) for n, command in enumerate(commands)]


def kill_session(session: int) -> None:
    """SIGKILL every process of the session bash leads: its background jobs are process
    groups of their own, but they stay in its session."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[3]) == session:  # fields after the name: state, ppid, pgrp, session
            try:
                os.kill(int(stat.parent.name), signal.SIGKILL)
            except ProcessLookupError:
                pass


def _result(command: str, results: Path, n: int) -> Result:
    def read(suffix: str) -> str:
        file = results / f"{n}.{suffix}"
        return file.read_text(errors="replace") if file.exists() else ""

    status, start, end = read("exit").strip(), read("start").strip(), read("end").strip()
    seconds = float(end) - float(start) if start and end else 0.0
    return Result(command, int(status) if status else None, read("out"), read("err"), seconds)
