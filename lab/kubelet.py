"""A node's kubelet configuration, as the running kubelet reports it.

`kubectl get --raw /api/v1/nodes/NODE/proxy/configz` asks the API server to fetch the
kubelet's `/configz`: its KubeletConfiguration with every default filled in, which is
what it runs with, whatever file or flag set it. Durations there are Go's
`time.Duration` text ("1m0s", "20s", "2m30.5s"); `seconds` reads them.
"""

import json
import re

from lab.cluster import commands
from lab.errors import LabError
from lab.run import run

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")


class KubeletError(LabError):
    """A kubelet configuration that can't be read, or a duration that isn't one."""


def seconds(duration: str) -> float:
    """Go's duration text in seconds: "1m0s" is 60.0, "1m30.5s" 90.5, "0s" 0.0."""
    text = duration.strip()
    parts = _PART.findall(text)
    if text == "0":
        return 0.0
    if not parts or "".join(number + unit for number, unit in parts) != text:
        raise KubeletError(f"{duration!r} is not a duration as Go writes one (e.g. '1m0s')")
    return sum(float(number) * _UNITS[unit] for number, unit in parts)


def config(node: str) -> dict:
    """The KubeletConfiguration the kubelet of NODE runs with (its `/configz`)."""
    result = run(
        [*commands.kubectl(), "get", "--raw", f"/api/v1/nodes/{node}/proxy/configz"],
        purpose=f"reading the kubelet configuration of node {node}",
        timeout=30,  # one request through the API server to the kubelet
        check=False,
    )
    if result.returncode != 0:
        raise KubeletError(
            f"cannot read the kubelet configuration of node {node!r}: {result.stderr.strip()}"
        )
    try:
        return json.loads(result.stdout)["kubeletconfig"]
    except (ValueError, KeyError, TypeError) as err:
        raise KubeletError(f"node {node!r} answered /configz with no kubeletconfig: {err}") from err
