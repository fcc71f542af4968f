"""A `--privileged` container on the project's engine gets every capability the daemon
has and none it lacks (Engine 20.10 fails to start one where the bounding set lacks
one: 'unable to apply caps'). The engine runs beside any other, isolated from it: its
own socket, state, cgroups and containerd namespace, no bridge and no firewall rules."""

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from lab.cluster import processes
from lab.engine import build, daemon

RUN = Path("/run/taskapp-engine-test")
CGROUP_PARENT = "taskapp-engine-test"
ISOLATED = (
    "--iptables=false",
    "--ip6tables=false",
    "--bridge=none",
    f"--cgroup-parent={CGROUP_PARENT}",
    "--containerd-namespace=taskapp-engine-test",
    "--containerd-plugins-namespace=taskapp-engine-test-plugins",
)
NEW_NETWORK_NAMESPACE = ("unshare", "--net", "--")  # unlike `ip netns exec`, keeps /sys as is
BUSYBOX = Path("/bin/busybox")  # Debian's busybox-static (scripts/apt/notebooks.txt)
IMAGE = "taskapp-engine-test/busybox:1"


def links() -> set[str]:
    """The network links of the namespace this test runs in (the host's)."""
    return set(os.listdir("/sys/class/net"))


def cap_eff(status: str) -> int:
    """The effective capability set in a /proc/PID/status text."""
    line = next(line for line in status.splitlines() if line.startswith("CapEff:"))
    return int(line.split()[1], 16)


def remove_leftovers(data_root: Path) -> None:
    """What a stopped dockerd may leave: its data root bind-mounted on itself, the cgroups
    of its containers' parent, its run folder."""
    if any(line.split()[1] == str(data_root) for line in open("/proc/mounts")):
        subprocess.run(["umount", str(data_root)], check=True)
    for parent in Path("/sys/fs/cgroup").glob(f"*/{CGROUP_PARENT}"):
        for folder in sorted(parent.glob("**/"), key=lambda p: len(p.parts), reverse=True):
            folder.rmdir()
    shutil.rmtree(RUN, ignore_errors=True)
    shutil.rmtree(data_root, ignore_errors=True)


@pytest.fixture
def engine(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("dockerd runs as root; CI runs as root")
    bins = build.build_all()
    layout = daemon.Layout(
        socket=RUN / "docker.sock",
        data_root=tmp_path / "data",
        exec_root=RUN / "exec",
        pidfile=RUN / "docker.pid",  # dockerd.pid is lab.cluster.processes' own
        config_file=tmp_path / "daemon.json",
        run_dir=RUN,
    )
    # Everything the project's engine is given, but the default bridge it does not get here.
    settings = {key: value for key, value in daemon.daemon_json().items() if key != "bip"}
    host_links = links()
    try:
        # In a network namespace of its own: with --bridge=none dockerd deletes any link
        # named docker0 it sees, which on this host is the running engine's bridge.
        daemon.start(bins, layout, *ISOLATED, settings=settings, under=NEW_NETWORK_NAMESPACE)
        assert links() == host_links, "the test's dockerd changed the host's network links"
        yield [str(bins["docker_cli"] / "docker"), f"--host=unix://{layout.socket}"], layout
    finally:
        processes.stop("dockerd", RUN)
        remove_leftovers(layout.data_root)


def rootfs_with_busybox() -> bytes:
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        tar.add(BUSYBOX, arcname="bin/busybox")
    return archive.getvalue()


def test_a_privileged_container_gets_exactly_the_daemons_capabilities(engine):
    docker, layout = engine
    subprocess.run([*docker, "import", "-", IMAGE], input=rootfs_with_busybox(), check=True)

    def capabilities(*flags: str) -> int:
        argv = [*docker, "run", "--rm", "--network=none", *flags, IMAGE]
        status = subprocess.run(
            [*argv, "/bin/busybox", "cat", "/proc/self/status"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return cap_eff(status)

    pid = int(layout.pidfile.read_text())
    own = cap_eff(Path(f"/proc/{pid}/status").read_text())
    assert capabilities("--privileged") == own
    plain = capabilities()
    assert plain & ~own == 0
    assert plain != own  # the default set is smaller: the check above can tell them apart
