"""Daemons started by hand (no systemd here): a pid file and a log file each."""

import os
import signal
import time
from pathlib import Path

from lab import run, waiting


def start(name: str, argv: list[str], run_dir: Path, log_dir: Path, env: dict | None = None) -> int:
    """Start `argv` in its own session, logging to LOG_DIR/NAME.log; return its pid."""
    log = open(log_dir / f"{name}.log", "ab")  # the daemon keeps it open
    process = run.start(
        argv,
        purpose=f"the local node's {name} (log: {log.name})",
        timeout=None,  # a daemon: it runs until `lab cluster down` stops it
        stdout=log,
        stderr=run.STDOUT,
        stdin=run.DEVNULL,
        start_new_session=True,
        env=env,
    )
    log.close()
    (run_dir / f"{name}.pid").write_text(f"{process.pid}\n")
    return process.pid


def pid_of(name: str, run_dir: Path) -> int | None:
    """The pid in RUN_DIR/NAME.pid when that process is alive and still ours."""
    try:
        pid = int((run_dir / f"{name}.pid").read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ValueError):
        return None
    return pid if Path(cmdline.split(b"\0")[0].decode()).name == name else None


def stop(name: str, run_dir: Path, timeout: float = 20.0) -> None:
    """SIGTERM the daemon, SIGKILL it after TIMEOUT seconds; forget its pid file."""
    pid = pid_of(name, run_dir)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.2)
        if Path(f"/proc/{pid}").exists():
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
            _reap(pid)
    (run_dir / f"{name}.pid").unlink(missing_ok=True)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def wait_for(what: str, check, timeout: float, log: Path | None = None, interval: float = 0.5):
    """Poll CHECK until it returns something truthy; fail saying what was awaited."""
    return waiting.wait_for(what, check, timeout, interval, hint=f"; see {log}" if log else "")
