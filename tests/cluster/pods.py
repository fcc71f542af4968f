"""Small pod specs the cluster tests share, on the busybox image that both providers have."""

from lab.toolchain import versions
from tests.cluster.clusterlib import wait_until

# The local-path helper image: on the local cluster it is built here, on kind it is pulled.
BUSYBOX = versions.component("local_path_provisioner")["helper_image"]

RESTRICTED_CONTAINER = {
    "securityContext": {
        "allowPrivilegeEscalation": False,
        "runAsNonRoot": True,
        "runAsUser": 65534,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
}


def pod(name: str, command: str, labels: dict | None = None, **spec) -> dict:
    container = {
        "name": "main",
        "image": BUSYBOX,
        "imagePullPolicy": "IfNotPresent",
        "command": ["sh", "-c", command],
    }
    container.update(spec.pop("container", {}))
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": labels or {"app": name}},
        "spec": {"containers": [container], "terminationGracePeriodSeconds": 1, **spec},
    }


def web_pod(name: str, text: str) -> dict:
    """busybox's httpd serving TEXT on port 8080."""
    return pod(
        name,
        f"mkdir -p /www && echo {text} > /www/index.html && httpd -f -p 8080 -h /www",
        container={
            "ports": [{"containerPort": 8080}],
            "readinessProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": 1},
        },
    )


def service(name: str, kind: str = "ClusterIP") -> dict:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name},
        "spec": {
            "type": kind,
            "selector": {"app": name},
            "ports": [{"port": 8080, "targetPort": 8080}],
        },
    }


def http_get(kubectl, namespace: str, pod_name: str, host: str, port: int = 8080) -> str:
    """The body of GET / from inside POD_NAME, retried while the Service's rules settle.

    Through `nc`: Debian's static busybox `wget` crashes (SIGSEGV) when a connection
    fails, where it should report the error."""
    request = f'printf "GET / HTTP/1.0\\r\\nHost: {host}\\r\\n\\r\\n" | nc -w 5 {host} {port}'

    def body():
        reply = kubectl.exec(namespace, pod_name, "sh", "-c", request, check=False).stdout
        head, _, rest = reply.replace("\r\n", "\n").partition("\n\n")
        return rest if head.startswith("HTTP/1.") and " 200 " in head.split("\n")[0] else None

    return wait_until(f"http://{host}:{port}/ to answer from pod {pod_name!r}", body, timeout=30)
