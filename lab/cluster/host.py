"""What the local cluster changes on the host itself, and how to undo it: sysctls, mounts.

Its network lives in the node's own namespace (netns.py); these are what no namespace holds.
"""

from pathlib import Path

from lab import run

# `ss` reads the kernel's socket table and `umount -l` detaches at once: both return in
# well under a second, so these bound only a hung /proc or mount table.
SS_TIMEOUT = 30
UMOUNT_TIMEOUT = 60


def port_taken(port: int) -> bool:
    argv = ["ss", "-Htln", f"sport = :{port}"]
    out = run.run(
        argv, purpose=f"asking what listens on port {port}", timeout=SS_TIMEOUT, check=False
    )
    return bool(out.stdout.strip())


# Host-wide settings kubelet changes at start (no network namespace holds them); `up`
# records them first and `down` writes them back.
KUBELET_SYSCTLS = (
    "vm/overcommit_memory",
    "vm/panic_on_oom",
    "kernel/panic",
    "kernel/panic_on_oops",
    "kernel/keys/root_maxkeys",
    "kernel/keys/root_maxbytes",
)


def read_sysctls(proc_sys: Path = Path("/proc/sys")) -> dict[str, str]:
    return {key: (proc_sys / key).read_text().strip() for key in KUBELET_SYSCTLS}


def write_sysctls(values: dict[str, str], proc_sys: Path = Path("/proc/sys")) -> None:
    for key, value in values.items():
        if key in KUBELET_SYSCTLS and (proc_sys / key).read_text().strip() != value:
            (proc_sys / key).write_text(value)


def mounts_under(*roots: Path) -> list[str]:
    """Mount points below ROOTS, deepest first (the order to unmount them)."""
    points = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        point = line.split()[4].replace("\\040", " ")
        if any(point == str(r) or point.startswith(f"{r}/") for r in roots):
            points.append(point)
    return sorted(set(points), key=len, reverse=True)


def unmount_under(*roots: Path) -> None:
    for point in mounts_under(*roots):
        purpose = "unmounting what the local cluster mounted"
        run.run(
            ["umount", "-l", point],
            purpose=purpose,
            timeout=UMOUNT_TIMEOUT,
            check=False,
            capture=False,
        )
