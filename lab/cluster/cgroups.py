"""The local cluster's own cgroup subtree: kubelet's cgroup root, every pod under it.

kubelet is told `cgroupRoot: /taskapp-lab`, so the pods' cgroups are
/taskapp-lab/kubepods/... and never the /kubepods another kubelet on the host
uses. `down` ends only processes in this subtree (and our own binaries) and
removes only this subtree. Both layouts are handled: cgroup v1 (one hierarchy
per controller, /sys/fs/cgroup/CONTROLLER/taskapp-lab) and v2 (one unified
hierarchy, /sys/fs/cgroup/taskapp-lab).
"""

from pathlib import Path

NAME = "taskapp-lab"
ROOT = Path("/sys/fs/cgroup")


def unified(root: Path = ROOT) -> bool:
    """cgroup v2: the root itself holds cgroup.controllers."""
    return (root / "cgroup.controllers").exists()


def subtree_dirs(root: Path = ROOT) -> list[Path]:
    """Where our subtree lives (or would): one folder on v2, one per hierarchy on v1."""
    if unified(root):
        return [root / NAME]
    hierarchies = [
        folder
        for folder in sorted(root.iterdir())
        # cpu -> cpu,cpuacct: a symlink to a hierarchy already listed
        if folder.is_dir() and not folder.is_symlink() and (folder / "cgroup.procs").exists()
    ]
    return [folder / NAME for folder in hierarchies]


def create(root: Path = ROOT) -> None:
    """Make the subtree kubelet requires to exist before it starts."""
    for folder in subtree_dirs(root):
        folder.mkdir(exist_ok=True)
        # v1 cpuset: a new cgroup starts with no CPUs and no memory nodes, and no process
        # can join it until they are set; take the parent's.
        for name in ("cpuset.cpus", "cpuset.mems"):
            mine, parents = folder / name, folder.parent / name
            if mine.exists() and not mine.read_text().strip():
                mine.write_text(parents.read_text())


def in_subtree(proc_cgroup: str) -> bool:
    """Whether a process's /proc/PID/cgroup text places it in our subtree."""
    for line in proc_cgroup.splitlines():
        path = line.split(":", 2)[-1]
        if path == f"/{NAME}" or path.startswith(f"/{NAME}/"):
            return True
    return False


def remove(root: Path = ROOT) -> list[Path]:
    """Remove the subtree, deepest folders first; returns what could not be removed
    (a folder that still holds a process)."""
    left = []
    for top in subtree_dirs(root):
        if not top.exists():
            continue
        folders = [p for p in top.rglob("*") if p.is_dir()]
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True) + [top]:
            try:
                folder.rmdir()
            except OSError:
                left.append(folder)
    return left


def existing(root: Path = ROOT) -> list[Path]:
    return [folder for folder in subtree_dirs(root) if folder.exists()]
