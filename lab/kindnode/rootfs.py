"""The node's operating system: Debian bookworm with systemd, as kind's base image has it.

Bookworm, not the trixie kind's own base image uses: trixie's systemd refuses to boot on
a cgroup v1 host. The packages and the trimmed units follow kind's images/base/Dockerfile.
"""

from pathlib import Path

from lab import run
from lab.images import seed

# What kind's base image installs: systemd, the kubelet's and kube-proxy's tools, storage
# clients, and what its entrypoint script runs.
PACKAGES = [
    "systemd",
    "conntrack",
    "iptables",
    "nftables",
    "iproute2",
    "ethtool",
    "util-linux",
    "mount",
    "kmod",
    "libseccomp2",
    "pigz",
    "fuse-overlayfs",
    "nfs-common",
    "open-iscsi",
    "e2fsprogs",
    "bash",
    "ca-certificates",
    "curl",
    "jq",
    "procps",
]

# Units a container must not start (it has no udev, no initctl, no local disks to mount):
# every link in these folders goes, as in kind's base image.
UNWANTED_WANTS = [
    "lib/systemd/system/multi-user.target.wants/*",
    "etc/systemd/system/*.wants/*",
    "lib/systemd/system/local-fs.target.wants/*",
    "lib/systemd/system/sockets.target.wants/*udev*",
    "lib/systemd/system/sockets.target.wants/*initctl*",
    "lib/systemd/system/basic.target.wants/*",
    "lib/systemd/system/sysinit.target.wants/systemd-tmpfiles-setup.service",
]
# systemctl edits links in the tree it is given; it starts nothing.
SYSTEMCTL_TIMEOUT = 60


def bootstrap(root: Path) -> None:
    """Debian with systemd in ROOT, its units trimmed for a container."""
    seed.bootstrap(root, PACKAGES, "a kind node")
    for pattern in UNWANTED_WANTS:
        for link in root.glob(pattern):
            link.unlink()
    journald = root / "etc/systemd/journald.conf"
    journald.write_text(journald.read_text() + "ReadKMsg=no\n")  # a container has no /dev/kmsg
    init = root / "sbin/init"
    init.unlink(missing_ok=True)
    init.symlink_to("/usr/lib/systemd/systemd")


def systemctl(root: Path, *args: str) -> None:
    """Enable or mask units in ROOT's tree with its own systemctl (in a chroot it starts
    nothing)."""
    run.run(
        ["chroot", str(root), "systemctl", *args],
        purpose=f"'systemctl {' '.join(args)}' in the node's tree",
        timeout=SYSTEMCTL_TIMEOUT,
    )
