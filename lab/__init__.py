"""The lab toolkit: helpers and a CLI used by notebooks, tests and CI."""

import os

from lab.paths import TOOLS_BIN

# The project's tools come first for every command the lab starts, notebooks' `!docker`
# included, as they do in the Makefile: a machine may have an older docker client on PATH,
# which still talks to a new engine but silently builds with the legacy builder.
if str(TOOLS_BIN) not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join([str(TOOLS_BIN), os.environ.get("PATH", "")])
