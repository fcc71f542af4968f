"""Clusters for the labs: kind for people, and `local`, built from upstream sources.

The Go toolchain that builds them lives in lab.toolchain, progress lines in lab.progress;
`build`, `versions` and `progress` are also reachable from here (`from lab.cluster import
build, progress, versions`), as the labs import them.
"""

from lab import progress
from lab.toolchain import build, versions

__all__ = ["build", "progress", "versions"]
