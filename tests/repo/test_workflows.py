"""The GitHub Actions workflows pass actionlint, built here through the Go module proxy."""

import subprocess

from lab.paths import ROOT
from lab.toolchain import build, versions


def test_the_workflows_pass_actionlint():
    tool = versions.component("actionlint")
    bin_dir = build.build_wrapped(
        "actionlint", tool["version"], tool["module"], [f"{tool['module']}/cmd/actionlint"]
    )
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run(
        [str(bin_dir / "actionlint"), "-no-color", *map(str, workflows)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
