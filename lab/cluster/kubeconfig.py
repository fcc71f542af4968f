"""Our cluster's entry in the user's kubeconfig: added by `up` (made current), removed by `down`.

The file is the user's: its comments, order and other contexts stay as they are
(a round-trip YAML parser), and each change is written to a temporary file
renamed over it, so a crash mid-write leaves the old file whole.
"""

import io
import os
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

SECTIONS = {"clusters": "cluster", "users": "user", "contexts": "context"}


def path() -> Path:
    return Path(os.environ.get("KUBECONFIG", "~/.kube/config").split(os.pathsep)[0]).expanduser()


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: keeps comments, key order and quoting
    yaml.preserve_quotes = True
    return yaml


def _load(file: Path) -> dict:
    data = _yaml().load(file.read_text()) if file.exists() else None
    return data or {"apiVersion": "v1", "kind": "Config", "preferences": {}}


def _save(data: dict) -> None:
    file = path()
    file.parent.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    _yaml().dump(data, text)
    mode = file.stat().st_mode & 0o777 if file.exists() else 0o600
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.")
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text.getvalue())
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, file)  # atomic on the same filesystem
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def install(source: Path, name: str) -> str:
    """Add SOURCE's single cluster, user and context under NAME and make it current.
    Returns the context that was current before, for `remove` to restore."""
    new = _load(source)
    entry = {
        "clusters": new["clusters"][0]["cluster"],
        "users": new["users"][0]["user"],
        "contexts": {"cluster": name, "user": name},
    }
    data = _load(path())
    previous = data.get("current-context") or ""
    for section in SECTIONS:
        items = data.get(section) or []
        mine = {"name": name, SECTIONS[section]: entry[section]}
        places = [i for i, item in enumerate(items) if item.get("name") == name]
        if places:
            items[places[0]] = mine  # in place: the other entries keep their order
        else:
            items.append(mine)
        data[section] = items
    data["current-context"] = name
    _save(data)
    return previous if previous != name else ""


def remove(name: str, restore: str = "") -> None:
    """Remove NAME's entries; if NAME was current, make RESTORE current again (when it
    still exists), else leave no current context."""
    if not path().exists():
        return
    data = _load(path())
    for section in SECTIONS:
        items = data.get(section) or []
        for item in [item for item in items if item.get("name") == name]:
            items.remove(item)
    if data.get("current-context") == name:
        data["current-context"] = restore if restore and _has(data, restore) else ""
    _save(data)


def _has(data: dict, name: str) -> bool:
    return any(c.get("name") == name for c in data.get("contexts") or [])


def has(name: str) -> bool:
    return _has(_load(path()), name)
