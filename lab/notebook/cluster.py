"""A notebook's objects in the cluster: its namespace, the volumes its claims bound, and
the images it loaded. None of them exist when no cluster is up."""

import json

from lab.cluster import addons, commands, namespaces
from lab.waiting import wait_for

NAMESPACE_TIMEOUT = 300  # seconds for kubectl, and for a namespace to go


def namespace(name: str) -> str:
    """The namespace of notebook NAME: `lab-13-probes` for 13-probes."""
    return f"lab-{name}"


def _kubectl(*args: str) -> str:
    return addons.run(commands.kubectl(), *args, timeout=NAMESPACE_TIMEOUT + 30)


def _volumes(namespace_: str) -> list[str]:
    """PersistentVolumes (cluster-wide) bound to claims in NAMESPACE_."""
    listed = json.loads(_kubectl("get", "persistentvolumes", "-o", "json"))["items"]
    return sorted(
        volume["metadata"]["name"]
        for volume in listed
        if (volume["spec"].get("claimRef") or {}).get("namespace") == namespace_
    )


def leftovers(key: str, name: str) -> dict[str, list[str]]:
    """{kind: names} of what notebook NAME left in the cluster, found by the label KEY=NAME."""
    if commands.running() is None:
        return {}
    found = {
        "namespace": _kubectl(
            "get", "namespaces", "-l", f"{key}={name}", "-o", "jsonpath={.items[*].metadata.name}"
        ).split(),
        "persistent volume": _volumes(namespace(name)),
        "cluster image": commands.images_labelled(key, name),
    }
    return {kind: names for kind, names in found.items() if names}


def remove(found: dict[str, list[str]]) -> None:
    """Delete the namespaces (and with them every object in them), wait for their volumes
    to be reclaimed, and unload the images."""
    if found.get("namespace"):
        namespaces.delete(found["namespace"], timeout=NAMESPACE_TIMEOUT)
    for volume in found.get("persistent volume", []):
        wait_for(
            f"persistent volume {volume!r} to be reclaimed",
            lambda volume=volume: (
                not _kubectl("get", "persistentvolume", volume, "--ignore-not-found", "-o", "name")
            ),
            timeout=120,
            interval=1,
        )
    if found.get("cluster image"):
        commands.unload(found["cluster image"])
