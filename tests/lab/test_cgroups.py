"""The cluster's cgroup subtree on both layouts, on fabricated trees (these hosts run v1)."""

import pytest

from lab.cluster import cgroups


@pytest.fixture
def v1(tmp_path):
    """/sys/fs/cgroup as cgroup v1 mounts it: a hierarchy per controller, cpu a symlink."""
    for hierarchy in ("cpu,cpuacct", "cpuset", "memory", "pids"):
        (tmp_path / hierarchy).mkdir()
        (tmp_path / hierarchy / "cgroup.procs").write_text("")
    (tmp_path / "cpu").symlink_to("cpu,cpuacct")
    (tmp_path / "cpuset" / "cpuset.cpus").write_text("0-1\n")
    (tmp_path / "cpuset" / "cpuset.mems").write_text("0\n")
    (tmp_path / "not-a-hierarchy").mkdir()
    return tmp_path


@pytest.fixture
def v2(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (tmp_path / "cgroup.procs").write_text("")
    (tmp_path / "kubepods").mkdir()  # another kubelet's
    return tmp_path


def test_v1_subtree_is_one_folder_per_hierarchy(v1):
    assert not cgroups.unified(v1)
    names = [folder.relative_to(v1).as_posix() for folder in cgroups.subtree_dirs(v1)]
    assert names == [f"{h}/taskapp-lab" for h in ("cpu,cpuacct", "cpuset", "memory", "pids")]


def test_v1_create_gives_the_cpuset_its_parents_cpus(v1):
    (v1 / "cpuset" / "taskapp-lab").mkdir()  # as the kernel makes it: files, empty
    (v1 / "cpuset" / "taskapp-lab" / "cpuset.cpus").write_text("\n")
    (v1 / "cpuset" / "taskapp-lab" / "cpuset.mems").write_text("\n")
    cgroups.create(v1)
    assert (v1 / "cpuset" / "taskapp-lab" / "cpuset.cpus").read_text() == "0-1\n"
    assert (v1 / "cpuset" / "taskapp-lab" / "cpuset.mems").read_text() == "0\n"
    assert cgroups.existing(v1) == cgroups.subtree_dirs(v1)


def test_v2_subtree_is_one_folder_beside_other_kubelets(v2):
    assert cgroups.unified(v2)
    assert cgroups.subtree_dirs(v2) == [v2 / "taskapp-lab"]
    cgroups.create(v2)
    assert cgroups.remove(v2) == []
    assert (v2 / "kubepods").is_dir()  # not ours: left alone
    assert cgroups.existing(v2) == []


@pytest.mark.parametrize(
    ("proc_cgroup", "ours"),
    [
        ("4:pids:/taskapp-lab/kubepods/besteffort/pod1/abc\n1:cpu,cpuacct:/taskapp-lab\n", True),
        ("0::/taskapp-lab/kubepods/burstable/pod2/def\n", True),
        ("4:pids:/kubepods/besteffort/pod1/abc\n3:memory:/kubepods/pod1\n", False),
        ("0::/kubepods/burstable/pod2/def\n", False),
        ("0::/taskapp-lab-other/x\n", False),
        ("0::/user.slice/taskapp-lab\n", False),
    ],
)
def test_a_process_is_ours_only_under_our_root(proc_cgroup, ours):
    assert cgroups.in_subtree(proc_cgroup) is ours
