"""What a cluster provider does: the operations `lab cluster` and `lab images` call.

kind (lab/cluster/kind.py) and local (lab/cluster/local.py) are modules that provide
these functions; commands.py calls them through this interface and never asks which
provider it has. A new provider is one more module with the same functions.
"""

from typing import Protocol, runtime_checkable

# The app's NodePort in the `taskapp` namespace a reader deploys by hand
# (deploy/k8s/components/dev/service-nodeport.yaml): both providers make it answer on
# 127.0.0.1, kind by a port mapping, local by a forward.
APP_NODE_PORT = 30080


def full_name(image: str) -> str:
    """docker.io/library/NAME:TAG, the way containerd names what Docker calls by a short
    name; an image ID (sha256:...) or a full name stays as it is."""
    first = image.split("/", 1)[0]
    if image.startswith("sha256:"):
        return image
    if "/" not in image:
        return f"docker.io/library/{image}"
    if "." not in first and ":" not in first and first != "localhost":
        return f"docker.io/{image}"
    return image


@runtime_checkable
class Provider(Protocol):
    def available(self) -> bool:
        """Whether this host can run the provider's cluster (its tools are here)."""

    def is_up(self) -> bool:
        """Whether its cluster runs now."""

    def has_leftovers(self) -> bool:
        """Whether anything of a cluster of its own is left, up or not, that `down` removes."""

    def up(self) -> None:
        """Start the cluster, or say it is up already; kubectl's context then points at it."""

    def down(self) -> None:
        """Delete the cluster and everything it left; the user's context back as it was."""

    def kubectl(self) -> list[str]:
        """The kubectl command line that talks to the cluster as its admin."""

    def loaded_id(self, image: str) -> str | None:
        """The config digest of the image IMAGE names on the node (a name, an ID, or the
        NAME@DIGEST a pod's imageID gives), if it is there."""

    def load(self, image: str) -> None:
        """Copy a local Docker image onto the node."""

    def unload(self, image: str) -> None:
        """Remove an image from the node."""

    def image_labels(self) -> dict[str, dict[str, str]]:
        """{name: the labels in its config} of every image on the node."""

    def on_node(self) -> list[str]:
        """The command line prefix that runs a command on the node (empty: the node is here)."""

    def node_ctr(self) -> list[str]:
        """containerd's `ctr` on the node, in the namespace of the kubelet's containers."""

    def node_address(self, port: int) -> str:
        """The address on which this host reaches the NodePort PORT."""

    def reach_load_balancers(self) -> None:
        """Make the LoadBalancer addresses MetalLB gives out reachable from this host."""
