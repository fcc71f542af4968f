"""The kind workflow installs the kind and kubectl deploy/versions.yaml pins and leaves the
cluster to `lab cluster up`, which puts it on the project's network; it brings its own Go,
as new as the go.mod files ask; and it runs weekly as well as on pushes.

The workflow can't run here: its steps are read, and the one that reads the pins is run.
"""

import re
import subprocess
import sys

import yaml

from lab.paths import ROOT
from lab.toolchain import versions

WORKFLOW = ROOT / ".github" / "workflows" / "kind.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps() -> list[dict]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def step_using(action: str) -> dict:
    return next(step for step in steps() if step.get("uses", "").split("@")[0] == action)


def pinned_outputs() -> dict[str, str]:
    """What the step that reads deploy/versions.yaml writes to $GITHUB_OUTPUT, run here."""
    script = next(step["run"] for step in steps() if step.get("id") == "versions")
    body = re.search(r"<<'PY'\n(.*)\nPY", script, re.DOTALL).group(1)
    out = subprocess.run(
        [sys.executable, "-"], input=body, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return dict(line.split("=", 1) for line in out.splitlines())


def resolved(value: str, outputs: dict[str, str]) -> str:
    return re.sub(r"\$\{\{ *steps\.versions\.outputs\.(\w+) *\}\}", lambda m: outputs[m[1]], value)


def test_kind_and_kubectl_are_the_pinned_versions():
    outputs = pinned_outputs()
    given = {
        key: resolved(str(value), outputs)
        for key, value in step_using("helm/kind-action")["with"].items()
    }
    assert given["version"] == versions.component("kind")["version"]
    assert given.get("kubectl_version") == versions.kubernetes(), "kubectl is the action's default"


def test_lab_cluster_up_makes_the_cluster_on_the_projects_network():
    # A cluster the action made would sit on kind's own `kind` network, where MetalLB's
    # pool (the upper half of the project's network) answers nothing.
    assert step_using("helm/kind-action")["with"].get("install_only") is True
    ups = [step["run"] for step in steps() if "lab cluster up" in step.get("run", "")]
    assert ups and "--provider kind" in ups[0]


def go_line(go_mod: str) -> tuple[int, ...]:
    text = (ROOT / go_mod).read_text()
    return tuple(int(part) for part in re.search(r"^go (\S+)$", text, re.MULTILINE)[1].split("."))


def test_go_is_installed_from_the_go_mod_that_asks_for_the_newest():
    setup_go = step_using("actions/setup-go")
    listed = subprocess.run(
        ["git", "ls-files", "*go.mod"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert listed
    newest = max(go_line(go_mod) for go_mod in listed)
    assert go_line(setup_go["with"]["go-version-file"]) == newest
    first_build = next(
        i for i, step in enumerate(steps()) if "lab cluster up" in step.get("run", "")
    )
    assert steps().index(setup_go) < first_build


def test_the_workflow_runs_weekly_as_well_as_on_pushes():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and "pull_request" in triggers
    (schedule,) = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit() and minute.isdigit() and hour.isdigit()
