"""Build Docker Engine (dockerd, docker-proxy) and the docker CLI from source through the Go
module proxy, cached by version like the cluster's binaries (lab.toolchain.build).

Both binaries are stamped with the Engine release, so `dockerd --version` and
`docker --version` name it. The release is read from the moby module's own content
(releases/versions.yaml), never typed here.
"""

import json
import tempfile
from pathlib import Path

import yaml

from lab import run
from lab.toolchain import build, versions

ENGINE_COMMANDS = ["cmd/dockerd", "cmd/docker-proxy"]
DOCKERVERSION = "github.com/moby/moby/v2/dockerversion"
CLI_VERSION = "github.com/docker/cli/cli/version"


def engine_release(source: Path) -> str:
    """The Engine release of a moby module's source: `next` in its releases/versions.yaml.

    Each module tag sits on an Engine release tag's commit, where `last` names the release
    before and `next` the one tagged (v2.0.0-beta.21 is docker-v29.7.1: last 29.7.0,
    next 29.7.1)."""
    data = yaml.safe_load((source / "releases" / "versions.yaml").read_text())
    return str(data["docker"]["next"])


def cli_release(source: Path) -> str:
    """The release of a docker/cli source tree, from its VERSION file."""
    return (source / "VERSION").read_text().strip()


def build_engine() -> Path:
    """dockerd and docker-proxy at the pinned moby module version; their folder."""
    entry = versions.component("moby")
    module, version = entry["module"], entry["version"]
    if build.is_built("moby", version):
        return build.bin_dir("moby", version)
    release = engine_release(build.module_source("moby"))
    stamps = {"Version": release, "GitCommit": version}
    return build.build_wrapped(
        "moby",
        version,
        module,
        [f"{module}/{command}" for command in ENGINE_COMMANDS],
        ldflags=" ".join(f"-X {DOCKERVERSION}.{key}={value}" for key, value in stamps.items()),
    )


def read_vendor_mod(vendor_mod: Path) -> dict:
    """A vendor.mod as Go itself reads a go.mod (`go mod edit -json`)."""
    with tempfile.TemporaryDirectory() as tmp:
        gomod = Path(tmp) / "go.mod"
        gomod.write_text(vendor_mod.read_text())
        result = run.run(
            ["go", "mod", "edit", "-json", gomod],
            purpose=f"reading {vendor_mod}",
            timeout=60,  # go parses one file, offline
            env={**build.go_env(), "GOTOOLCHAIN": "local"},
        )
    return json.loads(result.stdout)


def requires_of(parsed: dict) -> dict[str, str]:
    """Every module a parsed go.mod or vendor.mod requires, and its version."""
    return {r["Path"]: r["Version"] for r in parsed.get("Require") or []}


def language(go_version: str) -> str:
    """`1.26` for a go line's `1.26.0`."""
    return ".".join(go_version.split(".")[:2])


def build_cli() -> Path:
    """The docker CLI at the pinned docker/cli version; its folder.

    docker/cli has no go.mod, so a wrapper module would resolve its imports to whatever
    is newest; the wrapper requires each one at the version upstream's vendor.mod names,
    the set upstream builds and tests."""
    entry = versions.component("docker_cli")
    module, version = entry["module"], entry["version"]
    if build.is_built("docker_cli", version):
        return build.bin_dir("docker_cli", version)
    source = build.module_source("docker_cli")
    vendor_mod = read_vendor_mod(source / "vendor.mod")
    stamps = {"Version": cli_release(source), "GitCommit": version.removesuffix("+incompatible")}
    return build.build_wrapped(
        "docker_cli",
        version,
        module,
        [f"{module}/cmd/docker"],
        requires=requires_of(vendor_mod),
        # Go compiles a module without go.mod as Go 1.16: give it the language it is in
        # (the compiler takes `go1.26`, not vendor.mod's `1.26.0`).
        gcflags=f"{module}/...=-lang=go{language(vendor_mod['Go'])}",
        ldflags=" ".join(f"-X {CLI_VERSION}.{key}={value}" for key, value in stamps.items()),
    )


def build_all() -> dict[str, Path]:
    """The engine, its CLI, and the containerd and runc it runs on: each one's folder."""
    return {
        "moby": build_engine(),
        "docker_cli": build_cli(),
        "containerd": build.build_component("containerd"),
        "runc": build.build_component("runc"),
    }
