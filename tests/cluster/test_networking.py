"""Cluster DNS, a ClusterIP Service from a pod, and a NodePort from the host."""

import requests
from clusterlib import lab, manifest, wait_until
from pods import http_get, pod, service, web_pod


def test_a_service_name_resolves_through_cluster_dns(kubectl, namespace):
    kubectl.apply(
        namespace, manifest(web_pod("web", "hello"), service("web"), pod("client", "sleep 3600"))
    )
    kubectl.wait_pod(namespace, "client")
    name = f"web.{namespace}.svc.cluster.local"
    cluster_ip = kubectl.json("-n", namespace, "get", "service", "web")["spec"]["clusterIP"]
    out = kubectl.exec(namespace, "client", "nslookup", name).stdout
    assert f"Name:\t{name}" in out or f"Name: {name}" in out.replace("\t", " ")
    assert cluster_ip in out


def test_a_cluster_ip_service_answers_from_a_pod(kubectl, namespace):
    kubectl.apply(
        namespace,
        manifest(web_pod("web", "hello-from-web"), service("web"), pod("client", "sleep 3600")),
    )
    kubectl.wait_pod(namespace, "web")
    kubectl.wait_pod(namespace, "client")
    assert http_get(kubectl, namespace, "client", "web").strip() == "hello-from-web"


def test_a_node_port_answers_from_the_host(kubectl, namespace):
    kubectl.apply(
        namespace, manifest(web_pod("web", "hello-from-node-port"), service("web", "NodePort"))
    )
    kubectl.wait_pod(namespace, "web")
    url = lab("cluster", "url", "web", "-n", namespace).stdout.strip()

    def answer():
        try:
            return requests.get(url, timeout=3).text.strip()
        except requests.RequestException:
            return None

    assert wait_until(f"{url} to answer", answer, timeout=30) == "hello-from-node-port"
