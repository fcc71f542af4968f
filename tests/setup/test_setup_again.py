"""A second `make setup` is a no-op: it installs, builds and starts nothing.

`make test` runs setup first, so by the time this runs everything is in place; each
stage then only checks (the engine answers, the plugins and base images are there)."""

import subprocess

from lab.paths import ROOT

# What a stage prints when it does work rather than find it done.
DOING = (
    "Installing",
    "Installed",
    "Building",
    "started Docker Engine",
    ": built",
    "building a look-alike",
)


def test_setup_run_again_does_nothing():
    result = subprocess.run(
        ["bash", "scripts/setup.sh", "all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    done = [line for line in result.stdout.splitlines() if any(w in line for w in DOING)]
    assert done == [], result.stdout
    assert "== setup: Docker engine done" in result.stdout
    assert ": using it" in result.stdout
