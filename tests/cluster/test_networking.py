"""Cluster DNS, a ClusterIP Service from a pod, and a NodePort from the host."""

import ipaddress

import pytest
import requests

from tests.cluster.clusterlib import lab, manifest, wait_until
from tests.cluster.pods import http_get, pod, service, web_pod


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


def test_local_pods_and_services_take_benchmarking_addresses(cluster, kubectl, namespace):
    """On the local cluster, pod and Service addresses are in 198.18.0.0/15, never in 10/8,
    172.16/12 or 192.168/16 (kind's own defaults are kind's: its network comes later)."""
    if cluster != "local":
        pytest.skip(f"the {cluster!r} provider sets its own pod and Service ranges")
    kubectl.apply(namespace, manifest(web_pod("web", "hello"), service("web")))
    kubectl.wait_pod(namespace, "web")
    ours = ipaddress.ip_network("198.18.0.0/15")
    pod_ip = kubectl.json("-n", namespace, "get", "pod", "web")["status"]["podIP"]
    cluster_ip = kubectl.json("-n", namespace, "get", "service", "web")["spec"]["clusterIP"]
    assert ipaddress.ip_address(pod_ip) in ours, pod_ip
    assert ipaddress.ip_address(cluster_ip) in ours, cluster_ip
