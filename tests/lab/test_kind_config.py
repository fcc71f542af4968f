"""kind's config for this host: each host setting is added where the host needs it and
nowhere else, read from /sys (the cgroup layout) and /proc (the capability bounding set)."""

import copy
import ipaddress

import pytest
import yaml

from lab.cluster import kind, kindconfig
from lab.errors import LabError

# CapBnd lines as /proc/self/status gives them: every capability of Linux 6.x, and the same
# without CAP_SYS_RESOURCE (bit 24), as in a sandbox that drops it.
ALL = "Name:\tpython\nCapInh:\t0000000000000000\nCapBnd:\t000001ffffffffff\n"
NO_SYS_RESOURCE = "Name:\tpython\nCapBnd:\t000001fffeffffff\n"
BASE = yaml.safe_load(kind.CONFIG.read_text())


@pytest.fixture
def host_files(tmp_path):
    """A /sys/fs/cgroup and a /proc/self/status of our own: (root, status) to fill."""
    root = tmp_path / "cgroup"
    root.mkdir()
    return root, tmp_path / "status"


@pytest.mark.parametrize("unified", [True, False], ids=["v2", "v1"])
@pytest.mark.parametrize("status", [ALL, NO_SYS_RESOURCE], ids=["all", "no-sys-resource"])
def test_the_host_is_read_from_sys_and_proc(host_files, unified, status):
    root, status_file = host_files
    if unified:
        (root / "cgroup.controllers").write_text("cpu memory pids\n")
    else:
        (root / "memory").mkdir()
    status_file.write_text(status)
    assert kindconfig.this_host(root, status_file) == kindconfig.Host(
        cgroup_v1=not unified, sys_resource=status is ALL
    )


def test_a_status_without_a_bounding_set_is_refused():
    with pytest.raises(LabError, match="no CapBnd line"):
        kindconfig.bounding_set("Name:\tpython\n")


def render(cgroup_v1=False, sys_resource=True, look_alike=False, app_port=True) -> dict:
    host = kindconfig.Host(cgroup_v1=cgroup_v1, sys_resource=sys_resource)
    return kindconfig.render(
        BASE, name="lab-test", host=host, look_alike=look_alike, app_port=app_port
    )


def test_a_current_host_and_the_official_image_add_nothing_but_the_name():
    before = copy.deepcopy(BASE)
    assert render() == {**BASE, "name": "lab-test"}
    assert BASE == before


def test_cgroup_v1_lets_kubelet_start():
    patches = render(cgroup_v1=True)["kubeadmConfigPatches"]
    assert [yaml.safe_load(patch) for patch in patches] == [
        {
            "apiVersion": "kubelet.config.k8s.io/v1beta1",
            "kind": "KubeletConfiguration",
            "failCgroupV1": False,
        }
    ]
    assert "containerdConfigPatches" not in render(cgroup_v1=True)


def test_without_cap_sys_resource_containerd_restricts_oom_score_adj():
    config = render(sys_resource=False)
    assert config["containerdConfigPatches"] == [
        '[plugins."io.containerd.grpc.v1.cri"]\n  restrict_oom_score_adj = true\n'
    ]
    assert "kubeadmConfigPatches" not in config


def test_the_look_alike_disables_kinds_default_cni():
    assert render(look_alike=True)["networking"]["disableDefaultCNI"] is True
    assert "disableDefaultCNI" not in render()["networking"]


def test_a_cluster_beside_the_labs_maps_no_port():
    assert all("extraPortMappings" not in node for node in render(app_port=False)["nodes"])
    assert render()["nodes"][0]["extraPortMappings"][0]["hostPort"] == 30080


def test_pods_and_services_take_addresses_of_the_projects_range():
    project = ipaddress.ip_network("198.18.0.0/15")
    for key in ("podSubnet", "serviceSubnet"):
        assert ipaddress.ip_network(BASE["networking"][key]).subnet_of(project)
