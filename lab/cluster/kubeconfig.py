"""Our cluster's entry in ~/.kube/config: added by `up` (made current), removed by `down`."""

import os
from pathlib import Path

import yaml

SECTIONS = {"clusters": "cluster", "users": "user", "contexts": "context"}


def path() -> Path:
    return Path(os.environ.get("KUBECONFIG", "~/.kube/config").split(os.pathsep)[0]).expanduser()


def _load(file: Path) -> dict:
    data = yaml.safe_load(file.read_text()) if file.exists() else None
    return data or {"apiVersion": "v1", "kind": "Config", "preferences": {}}


def _save(data: dict) -> None:
    file = path()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.touch(mode=0o600)
    file.write_text(yaml.safe_dump(data, sort_keys=False))


def install(source: Path, name: str) -> None:
    """Add SOURCE's single cluster, user and context under NAME and make it current."""
    new = _load(source)
    entry = {
        "clusters": new["clusters"][0]["cluster"],
        "users": new["users"][0]["user"],
        "contexts": {"cluster": name, "user": name},
    }
    data = _load(path())
    for section in SECTIONS:
        kept = [item for item in data.get(section) or [] if item["name"] != name]
        data[section] = [*kept, {"name": name, SECTIONS[section]: entry[section]}]
    data["current-context"] = name
    _save(data)


def remove(name: str) -> None:
    if not path().exists():
        return
    data = _load(path())
    for section in SECTIONS:
        data[section] = [item for item in data.get(section) or [] if item["name"] != name]
    if data.get("current-context") == name:
        data["current-context"] = ""
    _save(data)


def has(name: str) -> bool:
    return any(c["name"] == name for c in _load(path()).get("contexts") or [])
