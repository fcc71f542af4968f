"""`make bench`: image size, build times and build context, measured in one run.

- multi-stage vs single-stage size (the single stage is the same Dockerfile collapsed);
- cold build vs source-only rebuild time;
- bytes of the build context BuildKit transfers, with and without .dockerignore, for our
  Dockerfile and a COPY-everything one, from a checkout with a developer's leftovers.
Targets: multi-stage at most 35 % of single-stage; source-only rebuild at most 10 % of cold.
"""

import sys
import tempfile
from pathlib import Path

from lab.docker import docker, require_engine
from lab.images import context as build_context
from lab.images.measure import copy_context, image_size
from lab.images.single_stage import collapse
from lab.layers import build
from lab.paths import ROOT

MULTI, SINGLE = "taskapp:bench-multi-stage", "taskapp:bench-single-stage"
TRANSFER_TAG = "taskapp:bench-context"
SIZE_TARGET, REBUILD_TARGET = 0.35, 0.10


def mb(size: int) -> str:
    return f"{size / 1e6:8.1f} MB" if size >= 1e6 else f"{size / 1e3:8.1f} kB"


def main() -> int:
    require_engine()
    with tempfile.TemporaryDirectory(prefix="lab-bench-") as tmp:
        context = Path(tmp)
        copy_context(ROOT, context)
        single_stage_file = context / "Dockerfile.single-stage"
        single_stage_file.write_text(collapse((ROOT / "Dockerfile").read_text()))

        print("Building cold (no cache): multi-stage, then single-stage ...", flush=True)
        version = "--build-arg=APP_VERSION=1.0.0"
        cold = build(context, MULTI, "--no-cache", version).seconds
        single = build(context, SINGLE, "--no-cache", version, dockerfile=single_stage_file)
        single_cold = single.seconds
        print("Changing one source file and rebuilding ...", flush=True)
        source = context / "taskapp" / "config" / "urls.py"
        source.write_text(source.read_text() + "\n# a source-only change\n")
        rebuild = build(context, MULTI, version).seconds

        print("Building from checkouts with and without .dockerignore ...", flush=True)
        sent = build_context.transfers(ROOT, context / "transfers", TRANSFER_TAG)

    multi_size, single_size = image_size(MULTI), image_size(SINGLE)
    transfer_tags = [f"{TRANSFER_TAG}-{n}" for n in range(1, len(sent) + 1)]
    docker("image", "rm", MULTI, SINGLE, *transfer_tags, capture=True)

    size_ratio, rebuild_ratio = multi_size / single_size, rebuild / cold
    rows = [
        ("image size", "multi-stage", mb(multi_size), ""),
        ("", "single-stage", mb(single_size), f"ratio {size_ratio:.3f} (target <= {SIZE_TARGET})"),
        ("build time", "cold", f"{cold:8.1f} s", f"(single-stage cold {single_cold:.1f} s)"),
        (
            "",
            "source only",
            f"{rebuild:8.1f} s",
            f"ratio {rebuild_ratio:.3f} (target <= {REBUILD_TARGET})",
        ),
    ]
    rows += [
        ("" if n else "context sent", ignore, mb(size), dockerfile)
        for n, ((dockerfile, ignore), size) in enumerate(sent.items())
    ]
    print()
    for row in rows:
        print("{:<12} {:<18} {:>12}   {}".format(*row))
    met = size_ratio <= SIZE_TARGET and rebuild_ratio <= REBUILD_TARGET
    print("targets met" if met else "TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
