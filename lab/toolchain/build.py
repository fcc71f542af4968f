"""Build the cluster's binaries from upstream source, cached by version outside the clone.

Each component lands in cache()/<component>/<version>/bin; a second build finds
it there and does nothing. Go's own module and build caches live under cache()
too, so wiping it makes the next build cold.
"""

import fcntl
import json
import os
import platform as host
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lab import progress, run
from lab.errors import LabError
from lab.paths import ROOT
from lab.toolchain import gomod, versions


def cache() -> Path:
    """Where builds are kept: LAB_CACHE if set; else the system's cache for root (the local
    cluster runs as root) and the user's own cache for anyone else (a CI runner, a laptop)."""
    if os.environ.get("LAB_CACHE"):
        return Path(os.environ["LAB_CACHE"])
    if os.geteuid() == 0:
        return Path("/var/cache/taskapp-lab")
    user_cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(user_cache) / "taskapp-lab"


def __getattr__(name: str) -> Path:
    """`build.CACHE`, as scripts/install-docker-plugins.sh reads it: cache(), computed when
    asked."""
    if name == "CACHE":
        return cache()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# What the local cluster runs: kubelet, kubeadm and kubectl on the host, the rest in images.
KUBERNETES_COMMANDS = [
    "kubeadm",
    "kubelet",
    "kubectl",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kube-proxy",
]


# Seconds each go command may take. One `go build` of Kubernetes' commands from a cold cache
# takes 10 to 25 minutes on two cores (the whole cold build, 20 to 35); `go get` and
# `go mod download` fetch modules through the proxy: Kubernetes' dependencies, several
# hundred megabytes, on a slow link.
GO_BUILD_TIMEOUT = 3600
GO_DOWNLOAD_TIMEOUT = 1800
# pkg-config reads a few .pc files.
PKG_CONFIG_TIMEOUT = 30


def go_env() -> dict:
    env = dict(os.environ)
    env.update(
        GOMODCACHE=str(cache() / "go" / "mod"),
        GOCACHE=str(cache() / "go" / "build"),
        GOFLAGS="-buildvcs=false -mod=mod -modcacherw",
        CGO_ENABLED="0",
        GOTOOLCHAIN="auto",
    )
    return env


def host_platform() -> str:
    """This host's platform, os/arch as Go names it: what a plain `go build` here makes."""
    machine = host.machine().lower()
    return f"{sys.platform}/{ {'x86_64': 'amd64', 'aarch64': 'arm64'}.get(machine, machine) }"


def bin_dir(component: str, version: str, platform: str | None = None) -> Path:
    """Where COMPONENT's binaries for PLATFORM (os/arch; None: this host's) are kept."""
    if platform in (None, host_platform()):
        return cache() / component / version / "bin"
    return cache() / component / version / f"bin-{platform.replace('/', '-')}"


def is_built(component: str, version: str, platform: str | None = None) -> bool:
    return (bin_dir(component, version, platform) / ".complete").exists()


def _go(args: list[str], cwd: Path, env: dict) -> None:
    timeout = GO_BUILD_TIMEOUT if args[0] == "build" else GO_DOWNLOAD_TIMEOUT
    purpose = f"a Go build in {cwd}"
    run.run(["go", *args], purpose=purpose, timeout=timeout, cwd=cwd, env=env)


def build_wrapped(
    component: str,
    version: str,
    module: str,
    packages: list[str],
    replaces: dict[str, str] | None = None,
    ldflags: str = "",
    renames: dict[str, str] | None = None,
    tags: str = "",
    requires: dict[str, str] | None = None,
    gcflags: str = "",
    platform: str | None = None,
) -> Path:
    """Build `packages` of `module` at `version` through a wrapper module.

    With `tags`, the build also gets cgo (runc's seccomp support needs libseccomp).
    `requires` pins other modules too, and `gcflags` sets the language version, for a
    module without go.mod of its own (Go compiles such a module as Go 1.16). `platform`
    (os/arch) cross-compiles, for an image whose node is not this host (linux/arm64 from
    a Mac's Go)."""
    dest = bin_dir(component, version, platform)
    if is_built(component, version, platform):
        return dest
    if shutil.which("go") is None:
        raise LabError("'go' is not on PATH; install Go 1.26 to build the local cluster")
    with lock(component, version):  # another `lab` may be building the same thing
        if is_built(component, version, platform):
            return dest
        env = go_env()
        if tags:
            env["CGO_ENABLED"] = "1"
        if platform:
            env["GOOS"], env["GOARCH"] = platform.split("/")
        work = cache() / component / version / "src"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        pins = {**(requires or {}), module: version}
        wrapper = gomod.wrapper_gomod(f"lab.local/build/{component}", pins, replaces or {})
        (work / "go.mod").write_text(wrapper)
        names = ", ".join(p.rsplit("/", 1)[-1] for p in packages)
        with progress.step(f"Building {component} {version} ({names}) from source"):
            # A bare `go get pkg` would upgrade the module: pin every package to `version`.
            _go(["get", *(f"{package}@{version}" for package in packages)], work, env)
            out = work / "out"
            _go(
                [
                    "build",
                    "-trimpath",
                    f"-tags={tags}",
                    *([f"-gcflags={gcflags}"] if gcflags else []),
                    "-ldflags",
                    f"-s -w {ldflags}".strip(),
                    "-o",
                    f"{out}/",
                    *packages,
                ],
                work,
                env,
            )
        for built, wanted in (renames or {}).items():
            (out / built).rename(out / wanted)
        shutil.rmtree(dest, ignore_errors=True)
        out.rename(dest)
        (dest / ".complete").write_text(version + "\n")
        shutil.rmtree(work)
    return dest


@contextmanager
def lock(component: str, version: str) -> Iterator[None]:
    path = cache() / component / f"{version}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def kubernetes_ldflags(version: str) -> str:
    """Version stamps, as upstream's hack/lib/version.sh sets them."""
    major, minor, _ = version.removeprefix("v").split(".", 2)
    stamps = {"gitVersion": version, "gitMajor": major, "gitMinor": minor, "gitTreeState": "clean"}
    flags = []
    for package in ("k8s.io/component-base/version", "k8s.io/client-go/pkg/version"):
        flags += [f"-X {package}.{key}={value}" for key, value in stamps.items()]
    return " ".join(flags)


def build_kubernetes() -> Path:
    version = versions.kubernetes()
    if is_built("kubernetes", version):
        return bin_dir("kubernetes", version)
    upstream = gomod.upstream_gomod("k8s.io/kubernetes", version, go_env())
    staging = gomod.staging_version(version)
    return build_wrapped(
        "kubernetes",
        version,
        "k8s.io/kubernetes",
        [f"k8s.io/kubernetes/cmd/{name}" for name in KUBERNETES_COMMANDS],
        replaces={module: staging for module in gomod.staging_modules(upstream)},
        ldflags=kubernetes_ldflags(version),
    )


# The other Go components, by versions.yaml key: main packages, version stamp, and
# the binaries to rename (Go names etcd's after its module path, go.etcd.io/etcd/server/v3).
COMPONENTS = {
    "containerd": (
        ["cmd/containerd", "cmd/containerd-shim-runc-v2", "cmd/ctr"],
        "-X {module}/version.Version={version}",
        {},
    ),
    "runc": ([""], "-X main.version={version}", {}),
    "etcd": ([""], "", {"server": "etcd"}),
    "coredns": ([""], "", {}),
    "metrics_server": (["cmd/metrics-server"], "", {}),
    "local_path_provisioner": ([""], "-X main.VERSION={version}", {}),
    "vegeta": ([""], "-X main.Version={version}", {}),
    "metallb": (["controller", "speaker"], "", {}),
    "kube_network_policies": (["cmd"], "", {"cmd": "kube-network-policies"}),
    "registry": (["cmd/registry"], "-X {module}/version.version={version}", {}),
}
BUILD_TAGS = {"runc": "seccomp"}
# Built when a lab first needs them (lab.load, lab.registry), not for every cluster.
ADDONS = {"vegeta", "registry", "metallb", "kube_network_policies"}


def build_component(name: str, platform: str | None = None) -> Path:
    """Component NAME's binaries, for PLATFORM (os/arch) or this host."""
    entry = versions.component(name)
    if name == "runc" and not is_built(name, entry["version"]):
        _require_libseccomp()
    module, version = entry["module"], entry["version"]
    subpaths, ldflags, renames = COMPONENTS[name]
    packages = [f"{module}/{sub}".rstrip("/") for sub in subpaths]
    ldflags = ldflags.format(module=module, version=version)
    return build_wrapped(
        name,
        version,
        module,
        packages,
        replaces=entry.get("replace"),
        ldflags=ldflags,
        renames=renames,
        tags=BUILD_TAGS.get(name, ""),
        platform=platform,
    )


def module_source(name: str) -> Path:
    """The source of component NAME's module at its pinned version, from Go's module cache."""
    entry = versions.component(name)
    cache().mkdir(parents=True, exist_ok=True)
    result = run.run(
        ["go", "mod", "download", "-json", f"{entry['module']}@{entry['version']}"],
        purpose=f"downloading the source of {name}",
        timeout=GO_DOWNLOAD_TIMEOUT,
        cwd=cache(),
        env=go_env(),
    )
    return Path(json.loads(result.stdout)["Dir"])


def _require_libseccomp() -> None:
    purpose = "asking whether libseccomp's headers are here"
    found = run.run(
        ["pkg-config", "--exists", "libseccomp"],
        purpose=purpose,
        timeout=PKG_CONFIG_TIMEOUT,
        check=False,
    )
    if found.returncode != 0:
        raise LabError(
            "runc is built with seccomp support and needs libseccomp's headers; "
            "run 'apt-get install -y libseccomp-dev pkg-config gcc'"
        )


def build_pause() -> Path:
    """Our own pause program (deploy/images/pause), cached by the image tag it gets."""
    version = versions.component("pause")["image"].rsplit(":", 1)[1]
    dest = bin_dir("pause", version)
    if not is_built("pause", version):
        source = ROOT / "deploy" / "images" / "pause"
        _go(
            ["build", "-trimpath", "-ldflags", "-s -w", "-o", f"{dest}/pause", "."],
            source,
            go_env(),
        )
        (dest / ".complete").write_text(version + "\n")
    return dest


def build_etcdctl() -> Path:
    """etcdctl at etcd's version: the architecture lab reads the cluster's keys with it."""
    version = versions.component("etcd")["version"]
    module = "go.etcd.io/etcd/etcdctl/v3"
    return build_wrapped("etcdctl", version, module, [module])


def build_all() -> dict[str, Path]:
    """Every binary of the local cluster, and the tools the labs use on it, built once per
    version (a lab's first run prints nothing about a build)."""
    built = {"kubernetes": build_kubernetes()}
    built.update({name: build_component(name) for name in COMPONENTS if name not in ADDONS})
    built["pause"] = build_pause()
    built["etcdctl"] = build_etcdctl()
    return built


if __name__ == "__main__":
    for component, path in build_all().items():
        print(component, path)
