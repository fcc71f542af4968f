"""The kind CLI, crictl and the CNI plugins, built from source through the Go module proxy
at the versions deploy/versions.yaml pins, cached by version like the cluster's binaries."""

from pathlib import Path

from lab.toolchain import build, versions

# The CNI plugins kind's node image carries (its images/base/Dockerfile), and bridge: a
# node network for hosts where kind's own kindnetd can't be had.
CNI_PLUGINS = ["ipam/host-local", "main/loopback", "main/ptp", "main/bridge", "meta/portmap"]

# versions.yaml key -> (main packages under the module, version stamp).
TOOLS = {
    "kind": ([""], ""),  # a release names its version in its source
    "cri_tools": (["cmd/crictl"], "-X {module}/pkg/version.Version={version}"),
    "cni_plugins": ([f"plugins/{plugin}" for plugin in CNI_PLUGINS], ""),
}


def build_tool(name: str) -> Path:
    """The folder of tool NAME's binaries (a versions.yaml key), built once per version."""
    entry = versions.component(name)
    module, version = entry["module"], entry["version"]
    subpaths, ldflags = TOOLS[name]
    return build.build_wrapped(
        name,
        version,
        module,
        [f"{module}/{sub}".rstrip("/") for sub in subpaths],
        ldflags=ldflags.format(module=module, version=version),
    )


def build_all() -> dict[str, Path]:
    return {name: build_tool(name) for name in TOOLS}
