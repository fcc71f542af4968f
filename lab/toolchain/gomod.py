"""Wrapper Go modules: build upstream commands whose go.mod can't be used by `go install`.

Kubernetes replaces its staging modules (k8s.io/api, ...) with local folders
(`./staging/src/...`), and containerd's go.mod has `exclude` lines; `go install
pkg@version` refuses both. A wrapper module that requires the upstream module
builds its commands as dependencies, where those lines don't apply. The
Kubernetes replace list is read from upstream's own go.mod, never typed here.
"""

import json
import re
from pathlib import Path

from lab import run

# Seconds `go mod download` may take to fetch one module's go.mod through the proxy.
DOWNLOAD_TIMEOUT = 300

# `k8s.io/api => ./staging/src/k8s.io/api` in upstream's replace block.
_LOCAL_REPLACE = re.compile(r"^\s*(\S+)\s+=>\s+\./staging/\S+\s*$", re.MULTILINE)


def upstream_gomod(module: str, version: str, env: dict) -> str:
    """The text of `module@version`'s go.mod, downloaded through the module proxy."""
    out = run.run(
        ["go", "mod", "download", "-json", f"{module}@{version}"],
        purpose=f"reading {module}'s go.mod",
        timeout=DOWNLOAD_TIMEOUT,
        env=env,
    ).stdout
    return Path(json.loads(out)["GoMod"]).read_text()


def staging_modules(gomod_text: str) -> list[str]:
    """Modules that upstream replaces with a local staging folder."""
    return _LOCAL_REPLACE.findall(gomod_text)


def staging_version(kubernetes_version: str) -> str:
    """Staging modules are tagged v0.<minor>.<patch> for Kubernetes v1.<minor>.<patch>."""
    return "v0." + kubernetes_version.removeprefix("v1.")


def wrapper_gomod(name: str, requires: dict[str, str], replaces: dict[str, str]) -> str:
    """The text of a wrapper module's go.mod."""
    lines = [f"module {name}", "", "go 1.26", ""]
    lines += ["require ("] + [f"\t{mod} {ver}" for mod, ver in requires.items()] + [")", ""]
    if replaces:
        lines += ["replace ("]
        lines += [f"\t{mod} => {mod} {ver}" for mod, ver in replaces.items()]
        lines += [")", ""]
    return "\n".join(lines)
