"""What the lab cluster says about an exercise's namespace, through kubectl in the lab
cluster's context (whichever provider runs it). Nothing here changes the cluster."""

import json
from datetime import UTC, datetime

from lab import run
from lab.cluster import commands

TIMEOUT = 30


def _kubectl(namespace: str, *args: str) -> tuple[int, str]:
    result = run.run(
        [*commands.kubectl(), "-n", namespace, *args],
        purpose="checking an exercise",
        timeout=TIMEOUT,
        check=False,
    )
    return result.returncode, (result.stdout or "") + (result.stderr or "")


def get(namespace: str, *what: str) -> dict | None:
    """`kubectl get WHAT -o json` in NAMESPACE, or None when there is no such object."""
    code, out = _kubectl(namespace, "get", *what, "-o", "json")
    return json.loads(out) if code == 0 else None


def pods(namespace: str, deployment: str) -> list[dict]:
    """The pods of DEPLOYMENT (by its selector) that are not being deleted."""
    found = get(namespace, "deployment", deployment)
    if found is None:
        return []
    labels = found["spec"]["selector"].get("matchLabels", {})
    selector = ",".join(f"{key}={value}" for key, value in labels.items())
    listed = get(namespace, "pods", "-l", selector) or {"items": []}
    return [pod for pod in listed["items"] if not pod["metadata"].get("deletionTimestamp")]


def restarts(pod: dict) -> int:
    return sum(s.get("restartCount", 0) for s in pod["status"].get("containerStatuses", []))


def ready(pod: dict) -> bool:
    conditions = pod["status"].get("conditions", [])
    return any(c["type"] == "Ready" and c["status"] == "True" for c in conditions)


def age(pod: dict) -> float:
    """Seconds since the kubelet started POD (0 before it has)."""
    started = pod["status"].get("startTime")
    if not started:
        return 0.0
    return (datetime.now(UTC) - datetime.fromisoformat(started)).total_seconds()


def events(namespace: str, pod: dict) -> list[str]:
    """The messages of the events about POD, oldest first."""
    name = pod["metadata"]["name"]
    listed = get(namespace, "events", "--field-selector", f"involvedObject.name={name}")
    items = sorted((listed or {"items": []})["items"], key=lambda e: e.get("lastTimestamp") or "")
    return [event.get("message", "") for event in items]


def exec_in(namespace: str, pod: dict, *command: str) -> tuple[int, str]:
    return _kubectl(namespace, "exec", pod["metadata"]["name"], "--", *command)
