"""The node and the control plane, as a kind cluster has them."""

from lab.toolchain import versions


def test_node_is_ready_at_the_pinned_version(kubectl):
    nodes = kubectl.json("get", "nodes")["items"]
    assert len(nodes) == 1
    node = nodes[0]
    ready = {c["type"]: c["status"] for c in node["status"]["conditions"]}["Ready"]
    assert ready == "True"
    assert node["status"]["nodeInfo"]["kubeletVersion"] == versions.kubernetes()
    assert node["metadata"]["name"] == "lab-control-plane"


def test_the_api_server_reports_the_pinned_version(kubectl):
    server = kubectl.json("version")["serverVersion"]
    assert server["gitVersion"] == versions.kubernetes()


def test_kube_system_has_the_pods_of_a_kind_cluster(kubectl):
    """Control plane as static pods, kube-proxy, CoreDNS and metrics-server, all running."""
    pods = kubectl.json("get", "pods", "-n", "kube-system")["items"]
    running = {p["metadata"]["name"] for p in pods if p["status"]["phase"] == "Running"}
    node = "lab-control-plane"
    for static in ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"):
        assert f"{static}-{node}" in running
    for prefix in ("kube-proxy-", "coredns-", "metrics-server-"):
        assert any(name.startswith(prefix) for name in running), prefix
    assert sum(name.startswith("coredns-") for name in running) == 2


def test_the_default_storage_class_is_local_path(kubectl):
    classes = kubectl.json("get", "storageclass")["items"]
    default = [
        c
        for c in classes
        if c["metadata"].get("annotations", {}).get("storageclass.kubernetes.io/is-default-class")
        == "true"
    ]
    assert [(c["metadata"]["name"], c["provisioner"]) for c in default] == [
        ("standard", "rancher.io/local-path")
    ]
