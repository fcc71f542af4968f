"""The kind workflow runs the notebooks as `make test` does: the Makefile's nbval options and paths.

The workflow can't run here (kind needs privileged containers), so what it
runs is compared with what the Makefile runs, which `make test` proves here.
"""

import shlex
import subprocess

import yaml

from lab.paths import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "kind.yml"


def make_variable(name: str) -> list[str]:
    """The value of a Makefile variable, as make expands it, split into words."""
    result = subprocess.run(
        ["make", "--no-print-directory", "--eval", "print-%: ; @echo $($*)", f"print-{name}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def pytest_commands() -> dict[str, list[str]]:
    """{step name: the words after `uv run pytest`} of every step of the kind workflow."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    found = {}
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            words = shlex.split(step.get("run", ""), comments=True)
            if words[:3] == ["uv", "run", "pytest"]:
                found[step["name"]] = words[3:]
    return found


def test_notebooks_run_with_the_makefiles_nbval_options():
    nbval = make_variable("NBVAL")
    assert "--nbval" in nbval and "notebooks" in make_variable("TESTS")
    runs = [words for words in pytest_commands().values() if "--nbval" in words]
    assert runs == [[*nbval, "notebooks"]], f"the Makefile runs: pytest {' '.join(nbval)} notebooks"


def test_the_workflow_runs_every_folder_make_test_runs_on_the_cluster():
    ran = {word for words in pytest_commands().values() for word in words}
    missing = set(make_variable("CLUSTER_TESTS")) - ran
    assert not missing, f"the kind workflow never runs {sorted(missing)}"


def test_every_folder_the_workflow_tests_is_one_make_test_runs():
    tests = set(make_variable("TESTS"))
    for step, words in pytest_commands().items():
        folders = [word for word in words if (ROOT / word).is_dir()]
        assert folders, f"{step}: no test folder"
        assert set(folders) <= tests, f"{step}: {folders} not all in the Makefile's TESTS"
