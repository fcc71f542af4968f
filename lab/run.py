"""The one way `lab` runs a command: each call says what the command is for and how long it may
take, and a failure raises a LabError that names the command, its purpose, how long it was
waited for and the tail of its output.

A timeout is required, never a default: each caller picks it for its command. Only `start()`
takes `None`, for a daemon or a server, which runs until something stops it.
"""

import shlex
import subprocess
import time
from collections.abc import Callable, Sequence

from lab.errors import LabError

PIPE = subprocess.PIPE
DEVNULL = subprocess.DEVNULL
STDOUT = subprocess.STDOUT
TAIL_LINES = 20
Completed = subprocess.CompletedProcess


class CommandFailed(LabError):
    """A command exited non-zero, could not start, or outlived its timeout."""

    def __init__(self, argv: Sequence, purpose: str, seconds: float, problem: str, output=""):
        self.argv, self.purpose, self.seconds, self.output = list(argv), purpose, seconds, output
        message = f"{shlex.join(map(str, argv))!r} ({purpose}) {problem} after {seconds:.1f} s"
        tail = _tail(output)
        super().__init__(f"{message}; its last output:\n{tail}" if tail else message)


class CommandTimedOut(CommandFailed):
    """The command was still running when its timeout ended; it has been killed."""


def _text(output) -> str:
    if isinstance(output, bytes):
        return output.decode(errors="replace")
    return output or ""


def _tail(output) -> str:
    lines = _text(output).strip().splitlines()[-TAIL_LINES:]
    return "\n".join(f"  {line}" for line in lines)


def run(
    argv: Sequence,
    *,
    purpose: str,
    timeout: float,
    check: bool = True,
    capture: bool = True,
    text: bool = True,
    **options,
) -> Completed:
    """Run ARGV to its end, within TIMEOUT seconds, capturing its output unless told not to.

    CHECK: a non-zero exit raises CommandFailed; without it the caller reads the exit code.
    A command that can't start or outlives TIMEOUT raises either way. OPTIONS go to
    subprocess.run (input, cwd, env, stdout, ...)."""
    argv = [str(arg) for arg in argv]
    if capture and "stdout" not in options:
        options.update(stdout=PIPE, stderr=PIPE)
    start = time.monotonic()
    try:
        result = subprocess.run(argv, timeout=timeout, text=text, check=False, **options)
    except FileNotFoundError as err:
        raise CommandFailed(argv, purpose, 0, f"could not start: {err.strerror}") from None
    except subprocess.TimeoutExpired as err:
        output = _text(err.stdout) + _text(err.stderr)
        seconds = time.monotonic() - start
        problem = f"timed out (limit {timeout:g} s)"
        raise CommandTimedOut(argv, purpose, seconds, problem, output) from None
    if check and result.returncode != 0:
        output = _text(result.stdout) + _text(result.stderr)
        seconds = time.monotonic() - start
        problem = f"failed with exit code {result.returncode}"
        raise CommandFailed(argv, purpose, seconds, problem, output)
    return result


class Process(subprocess.Popen):
    """A command started in the background: `finish()` waits for it within its timeout."""

    def __init__(self, argv: Sequence, purpose: str, timeout: float | None, **options):
        self.argv, self.purpose, self.timeout = [str(arg) for arg in argv], purpose, timeout
        self.started = time.monotonic()
        try:
            super().__init__(self.argv, **options)
        except FileNotFoundError as err:
            raise CommandFailed(self.argv, purpose, 0, f"could not start: {err.strerror}") from None

    def finish(self, output: Callable[[], str] | str = "") -> int:
        """Wait for the exit within the timeout given at start; kill and raise if it runs over,
        with OUTPUT (or what it returns: a log file's text) as the command's output."""
        try:
            return self.wait(self.timeout)
        except subprocess.TimeoutExpired:
            raise self._killed(output() if callable(output) else output) from None

    def read(self, input: str | bytes | None = None) -> str | bytes:
        """Its stdout to the end (after writing INPUT), within the timeout given at start."""
        try:
            return self.communicate(input, self.timeout)[0]
        except subprocess.TimeoutExpired:
            raise self._killed() from None

    def _killed(self, output="") -> CommandTimedOut:
        self.kill()
        self.communicate()
        seconds = time.monotonic() - self.started
        problem = f"timed out (limit {self.timeout:g} s)"
        return CommandTimedOut(self.argv, self.purpose, seconds, problem, output)

    def failed(self, output="") -> CommandFailed:
        """The error to raise for this command's non-zero exit."""
        seconds = time.monotonic() - self.started
        problem = f"failed with exit code {self.returncode}"
        return CommandFailed(self.argv, self.purpose, seconds, problem, output)

    def stop(self, grace: float) -> int:
        """SIGTERM, SIGKILL after GRACE seconds; return the exit code."""
        self.terminate()
        try:
            return self.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.wait()


def start(argv: Sequence, *, purpose: str, timeout: float | None, **options) -> Process:
    """Start ARGV in the background (OPTIONS go to subprocess.Popen). TIMEOUT bounds
    `finish()`; None for a daemon, which runs until it is stopped."""
    return Process(argv, purpose, timeout, **options)
