"""Deleting namespaces the quick way: what a lab or a test leaves needs no graceful stop.

Left to the namespace's deletion, each pod takes its whole grace period (the app's 10 s
preStop pause, then PostgreSQL waiting out its clients): 30-40 s for a lab's namespace.
A terminating namespace takes no new pods, so shortening the grace period of the pods it
has is enough.
"""

from lab.cluster import addons, commands


def delete(names: list[str], timeout: float = 300) -> None:
    """Delete the namespaces NAMES that exist, with everything in them, and wait until they
    are gone; a LabError if kubectl fails or they outlast TIMEOUT seconds."""
    kubectl = commands.kubectl()
    addons.run(kubectl, "delete", "namespace", *names, "--ignore-not-found", "--wait=false")
    for name in names:
        addons.run(
            kubectl, "delete", "pods", "--all", "-n", name, "--grace-period=1", "--wait=false"
        )
    gone = [f"namespace/{name}" for name in names]
    addons.run(
        kubectl, "wait", "--for=delete", *gone, f"--timeout={timeout:.0f}s", timeout=timeout + 30
    )
