"""Are two built sites the same? `python -m lab.site.same SITE_A SITE_B` lists what differs.

Files are compared byte for byte, except the gzipped sitemap, compared by what it
holds (gzip's header records when it was written). Exit 0 when equal, 1 when not.
"""

import gzip
import sys
from pathlib import Path


def content(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def differences(one: Path, other: Path) -> list[str]:
    """Each file that is in one site only, or differs: 'only in A: x', 'differs: y'."""
    files = {
        site: {p.relative_to(site) for p in site.rglob("*") if p.is_file()} for site in (one, other)
    }
    found = [
        f"only in {site}: {name}"
        for site in (one, other)
        for name in sorted(files[site] - files[other if site == one else one])
    ]
    for name in sorted(files[one] & files[other]):
        if content(one / name) != content(other / name):
            found.append(f"differs: {name}")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m lab.site.same SITE_A SITE_B", file=sys.stderr)
        return 2
    one, other = (Path(arg) for arg in argv)
    found = differences(one, other)
    print("\n".join(found) if found else f"{one} and {other} are the same")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
