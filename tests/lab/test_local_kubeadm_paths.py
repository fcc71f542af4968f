"""`lab cluster down` removes the kubeadm paths the local cluster made, never another node's.

The local provider's paths point into a scratch root here, and every step of its `down`
that reaches the host itself (processes, network namespace, cgroups, mounts, sysctls,
kubeconfig) is a no-op: only the files are real.
"""

from pathlib import Path

import pytest

from lab.cluster import cgroups, commands, host, kind, kubeconfig, local, netns, processes
from lab.errors import LabError


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A scratch root holding the local provider's state, RUN and kubeadm paths."""
    monkeypatch.setenv("LAB_STATE", str(tmp_path / "var" / "lib" / "taskapp-lab"))
    monkeypatch.setattr(local, "RUN", tmp_path / "run" / "taskapp-lab")
    paths = [tmp_path / "etc" / "kubernetes", tmp_path / "var" / "lib" / "kubelet"]
    monkeypatch.setattr(local, "KUBEADM_PATHS", paths)
    for module, name, value in [
        (processes, "stop", None),
        (processes, "pid_of", None),
        (netns, "delete", None),
        (netns, "exists", False),
        (host, "unmount_under", None),
        (host, "write_sysctls", None),
        (cgroups, "remove", None),
        (cgroups, "existing", []),
        (kubeconfig, "remove", None),
        (local, "_bins", {}),
        (local, "_our_processes", []),
        (local, "_kill_leftovers", None),
        (local, "_remove_pod_log_links", None),
        (kind, "has_leftovers", False),
    ]:
        monkeypatch.setattr(module, name, lambda *args, value=value, **kwargs: value)
    return tmp_path


def another_kubeadm_node(root):
    """What a kubeadm node of the reader's own keeps in /etc/kubernetes and /var/lib/kubelet."""
    (root / "etc" / "kubernetes" / "manifests").mkdir(parents=True)
    (root / "etc" / "kubernetes" / "admin.conf").write_text("apiVersion: v1\nkind: Config\n")
    (root / "var" / "lib" / "kubelet").mkdir(parents=True)
    (root / "var" / "lib" / "kubelet" / "config.yaml").write_text("kind: KubeletConfiguration\n")


def test_down_leaves_another_kubeadm_nodes_files(root, capsys):
    another_kubeadm_node(root)
    commands.down()
    assert (root / "etc" / "kubernetes" / "admin.conf").exists()
    assert (root / "etc" / "kubernetes" / "manifests").is_dir()
    assert (root / "var" / "lib" / "kubelet" / "config.yaml").exists()
    assert "No cluster is up; nothing to do." in capsys.readouterr().err


def test_down_removes_the_kubeadm_paths_up_made(root):
    local.state().mkdir(parents=True)
    local._record_kubeadm_paths()  # what `up` does before kubeadm runs
    another_kubeadm_node(root)  # here: what kubeadm wrote for our cluster
    (local.state() / "containerd").mkdir()
    commands.down()
    assert not (root / "etc" / "kubernetes").exists()
    assert not (root / "var" / "lib" / "kubelet").exists()
    assert list(local.state().iterdir()) == [local.state() / "containerd"]  # the image store stays


def test_up_refuses_while_another_kubeadm_node_has_its_paths(root):
    (root / "var" / "lib" / "kubelet").mkdir(parents=True)
    with pytest.raises(LabError, match=r"var/lib/kubelet exists and is not the local cluster's"):
        local._check_host()
    assert (root / "var" / "lib" / "kubelet").is_dir()


def test_the_state_folder_follows_the_environment_of_the_moment(tmp_path, monkeypatch):
    """Set after `lab.cluster.local` was imported, LAB_STATE still decides where state goes."""
    monkeypatch.setenv("LAB_STATE", str(tmp_path))
    assert local.image_store() == tmp_path / "containerd"
    assert local.host_sysctls() == tmp_path / "host-sysctls.json"
    monkeypatch.delenv("LAB_STATE")
    assert local.previous_context() == Path("/var/lib/taskapp-lab/previous-context")
