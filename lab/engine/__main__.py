"""`python -m lab.engine check|ensure|build`: what setup would do with the engine here, do
it, or only build the engine and its CLI."""

import sys

from lab.engine import build, ensure, floor
from lab.errors import LabError


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    try:
        if command == "check":
            decision = ensure.check()
            print(decision.message)
            return 1 if decision.action is floor.Action.STOP else 0
        if command == "ensure":
            print(ensure.ensure())
            return 0
        if command == "build":
            for component, path in build.build_all().items():
                print(component, path)
            return 0
    except LabError as error:
        print(f"engine: {error}", file=sys.stderr)
        return error.exit_code
    print("usage: python -m lab.engine check|ensure|build", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
