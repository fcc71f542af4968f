"""The parsers of `lab cluster ...` and `lab images load|unload`: thin wrappers."""


def add_cluster_commands(groups, images_cmds) -> None:
    cluster = groups.add_parser("cluster", help="make, inspect and delete the lab's cluster")
    cmds = cluster.add_subparsers(dest="command", metavar="SUBCOMMAND")

    up = cmds.add_parser("up", help="start the cluster (building the local one if needed)")
    up.add_argument(
        "--provider",
        help="kind or local (default: kind where it is installed and its node image can be had)",
    )
    up.set_defaults(func=lambda args: _commands().up(args.provider))

    down = cmds.add_parser("down", help="delete the cluster and everything it left on the host")
    down.set_defaults(func=lambda args: _commands().down())

    status = cmds.add_parser("status", help="which provider runs the cluster, and its node")
    status.set_defaults(func=lambda args: print(_commands().status(), end=""))

    url = cmds.add_parser("url", help="the URL of a NodePort Service, from this host")
    url.add_argument("service")
    url.add_argument("-n", "--namespace", default="default")
    url.set_defaults(func=lambda args: print(_commands().url(args.service, args.namespace)))

    load = images_cmds.add_parser("load", help="load local images into the cluster's nodes")
    load.add_argument("images", nargs="+", metavar="IMAGE", help="e.g. taskapp:1.0.0")
    load.set_defaults(func=lambda args: _commands().load(args.images))

    unload = images_cmds.add_parser(
        "unload", help="remove images from the cluster's nodes (their store outlives 'down')"
    )
    unload.add_argument("images", nargs="+", metavar="IMAGE", help="e.g. taskapp:2.0.0")
    unload.set_defaults(func=lambda args: _commands().unload(args.images))


def _commands():
    from lab.cluster import commands  # imported late: `lab --help` stays fast

    return commands
