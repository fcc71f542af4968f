"""`python -m lab.kindnode build|boot`: build the look-alike kind node image (and the kind
CLI), or boot it as kind would and say what runs in it."""

import argparse

from lab.errors import LabError
from lab.kindnode import boot, image, tools


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lab.kindnode", description=__doc__)
    parser.add_argument("action", choices=["build", "boot"])
    args = parser.parse_args(argv)
    try:
        for name, folder in tools.build_all().items():
            print(f"{name}: {folder}")
        tag = image.provide()
        print(f"node image: {tag}")
        if args.action == "boot":
            with boot.booted(tag) as node:
                print(f"{node}: systemd {boot.system_state(node)}")
                for name in boot.node_images(node):
                    print(f"  {name}")
    except LabError as err:
        print(f"error: {err}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
