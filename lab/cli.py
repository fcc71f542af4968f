"""`lab`: the command line of the toolkit. Each subcommand is a thin parser around a function."""

import argparse
import sys

from lab.errors import LabError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lab", description=__doc__)
    groups = parser.add_subparsers(dest="group", metavar="COMMAND")

    images = groups.add_parser("images", help="build, seed and load container images")
    images.set_defaults(group_parser=images)
    images_cmds = images.add_subparsers(dest="command", metavar="SUBCOMMAND")
    seed = images_cmds.add_parser(
        "seed", help="build look-alike base images from Debian packages when they can't be pulled"
    )
    seed.add_argument("tags", nargs="*", help="tags to seed (default: every base tag we use)")
    seed.add_argument("--force", action="store_true", help="rebuild even when the tag exists")
    seed.set_defaults(func=_images_seed)

    notebook = groups.add_parser("notebook", help="record the notebooks' outputs and provenance")
    notebook.set_defaults(group_parser=notebook)
    notebook_cmds = notebook.add_subparsers(dest="command", metavar="SUBCOMMAND")
    record = notebook_cmds.add_parser(
        "record",
        help="execute notebooks in place and store when, on what and for which code they ran",
    )
    record.add_argument(
        "names", nargs="+", metavar="NAME", help="e.g. 02-images-and-layers, or a path to a .ipynb"
    )
    record.set_defaults(func=_notebook_record)

    check = groups.add_parser(
        "check",
        help="check a page's Your turn exercise on your Docker engine or the lab cluster"
        " (alone: every exercise)",
    )
    check.add_argument("page", nargs="?", metavar="PAGE", help="e.g. images-and-layers")
    check.add_argument(
        "--name",
        help="the image repository, Compose project or namespace to check (default: the page's)",
    )
    check.set_defaults(func=_check)

    # --- `lab cluster ...` and `lab images load`: defined in lab/cluster/cli.py ---
    from lab.cluster.cli import add_cluster_commands

    add_cluster_commands(groups, images_cmds)
    return parser


def _images_seed(args: argparse.Namespace) -> None:
    from lab.images import seed

    seed.seed(args.tags or None, force=args.force)


def _check(args: argparse.Namespace) -> int:
    from lab.exercises.cli import run_check

    return run_check(args.page, args.name)


def _notebook_record(args: argparse.Namespace) -> None:
    from lab import provenance

    paths = [provenance.resolve(name) for name in args.names]  # every name checked first
    for path in paths:
        print(f"recording {path.name} ...", flush=True)
        print(provenance.describe(path.stem, provenance.record(path)), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        # A group without a subcommand prints its help and fails, as kind does.
        getattr(args, "group_parser", parser).print_help()
        return 2
    try:
        status = args.func(args)
    except LabError as err:
        print(f"lab: error: {err}", file=sys.stderr)
        return err.exit_code
    return status or 0


if __name__ == "__main__":
    sys.exit(main())
