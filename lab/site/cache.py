"""What one build of the site keeps for the next, found by content so that a stale entry never is.

An entry is a text file named by the SHA-256 of everything its text depends on:
the input it was made from, the source code that made it, the versions of the
libraries involved. A changed input asks for another name, so an entry made from
the old input is never read again; `prune` removes the entries of a kind that the
last build did not ask for. The folder is `.cache/site` under the project
(git-ignored), or SITE_CACHE_DIR (lab.site.build points it at an empty folder for
a build as cold as on a fresh machine).
"""

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def key(*parts) -> str:
    """The SHA-256 of the parts, each bytes or any JSON value, told apart from each other."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True).encode()
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


class Cache:
    def __init__(self, project: Path):
        self.folder = Path(os.environ.get("SITE_CACHE_DIR", project / ".cache" / "site"))
        self.used: dict[str, set[str]] = {}

    def remember(self, kind: str, parts: tuple, make: Callable[[], str]) -> str:
        """The text stored for these parts, or `make()`'s, stored for the next build.

        A `make` that raises stores nothing: the next build tries again.
        """
        name = key(*parts)
        self.used.setdefault(kind, set()).add(name)
        path = self.folder / kind / name
        try:
            with path.open(encoding="utf-8", newline="") as stored:  # "\r" stays "\r"
                return stored.read()
        except FileNotFoundError:
            pass
        text = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole or not at all: a serve and a build may share the folder.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=path.parent, prefix=".", delete=False
        ) as partial:
            partial.write(text)
        os.replace(partial.name, path)
        return text

    def prune(self, kind: str) -> None:
        """Remove the entries of `kind` that were not asked for since this cache was made."""
        for path in (self.folder / kind).glob("[0-9a-f]*"):
            if path.name not in self.used.get(kind, set()):
                path.unlink(missing_ok=True)


def source_of(*modules: str) -> bytes:
    """The source files of these modules (not imported: finding them is enough), as one key part."""
    from importlib.util import find_spec

    return b"\0".join(Path(find_spec(module).origin).read_bytes() for module in modules)
