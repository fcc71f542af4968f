"""Write .env from .env.example with every change-me value replaced by a fresh random secret.

Usage: python3 scripts/new-env.py [PATH]   (default .env; an existing file is kept as it is)
Standard library only: it runs before the project's environment exists.
"""

import secrets
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"
PLACEHOLDER = "=change-me"


def filled(example: str) -> str:
    """Each placeholder gets its own secret: long enough for Django's SECRET_KEY (50+)."""
    lines = [
        line.replace(PLACEHOLDER, "=" + secrets.token_urlsafe(48))
        if line.endswith(PLACEHOLDER)
        else line
        for line in example.splitlines()
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: python3 scripts/new-env.py [PATH]", file=sys.stderr)
        return 2
    target = Path(argv[0] if argv else ".env")
    if target.exists():
        print(f"{target} exists: kept as it is (delete it first for new secrets)")
        return 0
    example = EXAMPLE.read_text()
    target.write_text(filled(example))
    target.chmod(0o600)  # secrets: for the owner only
    print(f"{target} written with {example.count(PLACEHOLDER)} new secrets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
