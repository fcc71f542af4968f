"""The lab's kubeconfig context leaves the user's own file as it found it."""

import os

import pytest

from lab.cluster import kubeconfig
from tests.lab.kubeconfigs import USERS_FILE

ADMIN_CONF = """\
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: Q0E=
    server: https://192.0.2.2:6443
  name: lab
contexts:
- context:
    cluster: lab
    user: kubernetes-admin
  name: kubernetes-admin@lab
current-context: kubernetes-admin@lab
kind: Config
users:
- name: kubernetes-admin
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
"""


@pytest.fixture
def files(tmp_path, monkeypatch):
    config = tmp_path / "kube" / "config"
    config.parent.mkdir()
    config.write_text(USERS_FILE)
    config.chmod(0o600)
    admin = tmp_path / "admin.conf"
    admin.write_text(ADMIN_CONF)
    monkeypatch.setenv("KUBECONFIG", str(config))
    return config, admin


def test_install_adds_ours_and_keeps_theirs(files):
    config, admin = files
    previous = kubeconfig.install(admin, "lab-local")
    assert previous == "home"
    assert "current-context: lab-local\n" in config.read_text()
    text = config.read_text()
    assert text.startswith("# my clusters: work and home\n")
    assert "namespace: media  # where I usually am" in text
    assert all(kubeconfig.has(name) for name in ("work", "home", "lab-local"))
    assert oct(config.stat().st_mode & 0o777) == "0o600"


def test_down_restores_the_file_byte_for_byte(files):
    config, admin = files
    previous = kubeconfig.install(admin, "lab-local")
    kubeconfig.install(admin, "lab-local")  # a second up replaces ours in place
    kubeconfig.remove("lab-local", restore=previous)
    assert config.read_text() == USERS_FILE


def test_restore_skips_a_context_that_went_away(files):
    config, admin = files
    kubeconfig.install(admin, "lab-local")
    kubeconfig.remove("lab-local", restore="gone")
    assert "current-context: ''\n" in config.read_text()
    assert kubeconfig.has("home") and not kubeconfig.has("lab-local")


def test_a_failed_write_leaves_the_old_file_whole(files, monkeypatch):
    config, admin = files

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        kubeconfig.install(admin, "lab-local")
    assert config.read_text() == USERS_FILE
    assert sorted(p.name for p in config.parent.iterdir()) == ["config"]  # no temporary left


def test_a_missing_file_is_created_private(tmp_path, monkeypatch):
    config = tmp_path / "new" / "config"
    admin = tmp_path / "admin.conf"
    admin.write_text(ADMIN_CONF)
    monkeypatch.setenv("KUBECONFIG", str(config))
    assert kubeconfig.install(admin, "lab-local") == ""
    assert "current-context: lab-local\n" in config.read_text()
    assert oct(config.stat().st_mode & 0o777) == "0o600"
