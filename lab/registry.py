"""A container registry on this machine: CNCF distribution, built from source, on loopback.

Docker talks plain HTTP to a registry on 127.0.0.0/8 without any daemon setting (its
default insecure range), so no certificate is needed. The registry listens on 127.0.0.1
only, on a free port, and keeps its blobs and manifests under the directory it is given.
It ends with the process that started it, so a notebook that dies leaves no registry.
"""

import argparse
import ctypes
import secrets
import signal
from dataclasses import dataclass
from pathlib import Path

from lab import net, run
from lab.errors import LabError
from lab.paths import ROOT
from lab.toolchain import build
from lab.waiting import wait_for

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when its parent ends

CONFIG = """\
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: {storage}
http:
  addr: 127.0.0.1:{port}
  secret: {secret}
  draintimeout: 5s
"""


@dataclass
class Registry:
    address: str  # "127.0.0.1:PORT", the first part of an image name pushed here
    process: run.Process

    def stop(self, timeout: float = 10) -> int:
        """Stop the registry (SIGTERM, then SIGKILL after TIMEOUT s); return its exit code."""
        return self.process.stop(grace=timeout)


def _end_with_parent() -> None:
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start(directory: Path, port: int | None = None, timeout: float = 30) -> Registry:
    """Start the pinned registry with its storage and config in DIRECTORY, on PORT (a free
    one by default); wait until it answers /v2/."""
    binary = build.build_component("registry") / "registry"
    directory = directory.resolve()  # the registry wants an absolute storage path
    directory.mkdir(parents=True, exist_ok=True)
    port = port or net.free_port()
    config = directory / "config.yml"
    # The secret signs upload state; a fresh one each start, never written to the repository.
    secret = secrets.token_hex(16)
    config.write_text(CONFIG.format(storage=directory / "storage", port=port, secret=secret))
    log = (directory / "registry.log").open("w")
    process = run.start(
        [str(binary), "serve", str(config)],
        purpose=f"a registry on port {port}",
        timeout=None,  # a server: Registry.stop() stops it
        stdout=log,
        stderr=run.STDOUT,
        env={"OTEL_TRACES_EXPORTER": "none"},  # no tracing collector to send to
        preexec_fn=_end_with_parent,  # a single prctl call
    )
    log.close()
    registry = Registry(f"127.0.0.1:{port}", process)
    url = f"http://{registry.address}/v2/"

    def answering() -> bool:
        if process.poll() is not None:  # a port taken, a bad config: no use waiting
            raise LabError(f"the registry exited with code {process.returncode}")
        try:
            return net.http("GET", url, timeout=2)[0] == 200
        except OSError:
            return False

    try:
        wait_for(f"the registry to answer {url}", answering, timeout)
    except LabError as error:
        registry.stop()
        said = (directory / "registry.log").read_text()[-2000:]
        raise LabError(f"{error}; its log:\n{said}") from None
    return registry


def main() -> None:
    """`python -m lab.registry [--port N] [--storage DIR]`: run one until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m lab.registry", description=main.__doc__)
    parser.add_argument("--port", type=int, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--storage", type=Path, default=ROOT / "build" / "registry")
    args = parser.parse_args()
    registry = start(args.storage, args.port)
    print(f"registry on {registry.address}, storage in {args.storage}; Ctrl-C stops it", flush=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops it cleanly too
    try:
        registry.process.wait()
    except KeyboardInterrupt:
        registry.stop()


if __name__ == "__main__":
    main()
