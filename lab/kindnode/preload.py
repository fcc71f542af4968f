"""Images in the node's containerd before it boots, as kind's node image has them.

A containerd of our own build runs on the host for the length of the import, on the node
tree's /var/lib/containerd and a socket of its own, with nothing but its image store:
`ctr images import` adds each image's blobs and name there, pinned so that the kubelet's
image garbage collection never removes it, and unpacked only when a pod first uses it
(`--no-unpack`, as kind does: the node image stays small).
"""

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lab import run
from lab.errors import LabError

# Plugins this containerd must not start: the CRI (no pods here) and the ones that touch
# the host outside the node's tree (NRI's socket, /opt/containerd, tracing, restarts).
DISABLED_PLUGINS = [
    "io.containerd.grpc.v1.cri",
    "io.containerd.cri.v1.runtime",
    "io.containerd.cri.v1.images",
    "io.containerd.podsandbox.controller.v1.podsandbox",
    "io.containerd.nri.v1.nri",
    "io.containerd.internal.v1.opt",
    "io.containerd.monitor.container.v1.restart",
    "io.containerd.tracing.processor.v1.otlp",
    "io.containerd.internal.v1.tracing",
]
NAMESPACE = "k8s.io"  # the kubelet's containerd namespace
PINNED = "io.cri-containerd.pinned=pinned"
# Seconds: containerd opens its store in well under a second; one import copies an image
# archive of up to about 200 MB; stopping flushes the store's database.
READY_TIMEOUT = 30
IMPORT_TIMEOUT = 300
STOP_TIMEOUT = 30
CTR_TIMEOUT = 30


def config(root: Path, state: Path) -> str:
    """containerd's config: its store in ROOT's /var/lib/containerd, its state and socket
    in STATE."""
    disabled = ", ".join(f'"{plugin}"' for plugin in DISABLED_PLUGINS)
    return (
        "version = 3\n"
        f'root = "{root / "var/lib/containerd"}"\n'
        f'state = "{state}"\n'
        f"disabled_plugins = [{disabled}]\n"
        "[grpc]\n"
        f'  address = "{state / "containerd.sock"}"\n'
        "[ttrpc]\n"
        f'  address = "{state / "containerd.sock.ttrpc"}"\n'
    )


def _ctr(ctr: Path, socket: Path, *args: str, timeout: int = CTR_TIMEOUT, check=True):
    return run.run(
        [str(ctr), "--address", str(socket), "--namespace", NAMESPACE, *args],
        purpose=f"'ctr {args[0]} {args[1] if len(args) > 1 else ''}' on the node's image store",
        timeout=timeout,
        check=check,
    )


@contextmanager
def _containerd(bins: Path, root: Path) -> Iterator[Path]:
    """A containerd on ROOT's image store; yields its socket."""
    with tempfile.TemporaryDirectory(prefix="lab-kindnode-") as tmp:  # short: a socket path
        state = Path(tmp)
        (state / "config.toml").write_text(config(root, state))
        log = open(state / "containerd.log", "w")
        daemon = run.start(
            [bins / "containerd", "--config", state / "config.toml"],
            purpose="the containerd that imports the node's images",
            timeout=None,  # a daemon: stopped below
            stdout=log,
            stderr=run.STDOUT,
        )
        socket = state / "containerd.sock"
        try:
            deadline = time.monotonic() + READY_TIMEOUT
            while _ctr(bins / "ctr", socket, "version", check=False).returncode != 0:
                if daemon.poll() is not None or time.monotonic() > deadline:
                    tail = (state / "containerd.log").read_text()[-2000:]
                    raise LabError(f"the import's containerd did not start:\n{tail}")
                time.sleep(0.2)
            yield socket
        finally:
            daemon.stop(grace=STOP_TIMEOUT)
            log.close()


def preload(bins: Path, root: Path, archives: list[Path]) -> list[str]:
    """Import each image archive into the image store of the node tree ROOT with the
    containerd in BINS; returns the names the store then lists."""
    with _containerd(bins, root) as socket:
        for archive in archives:
            _ctr(
                bins / "ctr",
                socket,
                "images",
                "import",
                f"--label={PINNED}",
                "--all-platforms",
                "--no-unpack",
                "--digests",
                str(archive),
                timeout=IMPORT_TIMEOUT,
            )
        listed = _ctr(bins / "ctr", socket, "images", "list", "--quiet").stdout
    return listed.split()
