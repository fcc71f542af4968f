"""Each Docker page's exercise in its three states, each under a name of its own, applied as
a reader would: `lab check` refuses the start files with the first hint, each wrong attempt
with the hint written for that mistake, and accepts the reference solution, within 60 s."""

import os
import re

import pytest

from lab.cli import main
from lab.exercises import catalogue
from tests.exercises.answer import assert_answer, check
from tests.exercises.workspace import EXERCISES, Workspace, variants

# What `lab check` must answer for each variant: the key of its hint, None for a pass.
EXPECTED = {
    ("containers-vs-vms", "start"): "no-memory-cap",
    ("containers-vs-vms", "wrong-reservation"): "reservation-not-limit",
    ("containers-vs-vms", "solution"): None,
    ("images-and-layers", "start"): "deps-rebuilt",
    ("images-and-layers", "wrong-user-after-source"): "rebuilt-after-source",
    ("images-and-layers", "solution"): None,
    ("multi-stage-builds", "start"): "compiler-inside",
    ("multi-stage-builds", "wrong-root"): "runs-as-root",
    ("multi-stage-builds", "solution"): None,
    ("dockerignore-and-tags", "start"): "env-inside",
    ("dockerignore-and-tags", "wrong-env-only"): "git-inside",
    ("dockerignore-and-tags", "wrong-ignore-everything"): "app-left-out",
    ("dockerignore-and-tags", "solution"): None,
    ("compose", "start"): "port-published",
    ("compose", "wrong-not-internal"): "network-not-internal",
    ("compose", "wrong-app-off-backend"): "app-cannot-reach-db",
    ("compose", "solution"): None,
}


def test_every_exercise_ships_start_solution_and_a_wrong_attempt_with_its_hint():
    """The engine's exercises here; the cluster's in tests/cluster_exercises."""
    on_engine = [p for p, e in catalogue.EXERCISES.items() if e.runs_on == "engine"]
    shipped = {(page, v) for page in on_engine for v in variants(page)}
    assert shipped == set(EXPECTED)
    assert sorted(p.name for p in EXERCISES.iterdir()) == sorted(catalogue.EXERCISES)
    for page in catalogue.EXERCISES:
        assert any(v.startswith("wrong-") for v in variants(page)), page


@pytest.mark.parametrize(
    ("page", "variant"), sorted(EXPECTED), ids=[f"{p}/{v}" for p, v in sorted(EXPECTED)]
)
def test_check_answers_each_state(page, variant, tmp_path, capsys):
    workspace = Workspace(page, variant, tmp_path, dict(os.environ))
    try:
        workspace.apply()
        status, out, seconds = check(page, workspace.name, capsys)
    finally:
        workspace.remove()
    print(f"lab check {page} on {variant}: {seconds:.1f} s")
    assert_answer(status, out, seconds, EXPECTED[page, variant])


def test_check_alone_lists_every_exercise_with_its_state(capsys):
    """One line per exercise, its state as `lab check PAGE` finds it (done only when that
    passes; unchecked when what it runs on is not there), and a non-zero exit while any is
    not done."""
    status = main(["check"])
    lines = capsys.readouterr().out.splitlines()
    states = {}
    for page, exercise in catalogue.EXERCISES.items():
        line = next(line for line in lines if line.startswith(page + " "))
        states[page] = re.match(
            rf"{page} +(done|\d of {len(exercise.criteria)} met|unchecked) ", line
        )
        assert states[page], line
        passed = main(["check", page]) == 0
        capsys.readouterr()
        assert (states[page][1] == "done") == passed, line
    all_done = all(state[1] == "done" for state in states.values())
    assert status == (0 if all_done else 1), lines
