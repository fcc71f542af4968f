"""`lab check [PAGE]`: one page's exercise, criterion by criterion, or every exercise's state."""

from lab.cluster import commands
from lab.docker import require_engine
from lab.errors import LabError
from lab.exercises import catalogue
from lab.exercises.check import Exercise, check, report


def require(exercise: Exercise) -> None:
    """A clear error when what the exercise runs on is not there: the engine, or a cluster up."""
    if exercise.runs_on == "cluster":
        commands.kubectl()  # "no cluster is up; start one with 'lab cluster up'"
    else:
        require_engine()


def run_check(page: str | None, name: str | None) -> int:
    """Exit status 0 only when every criterion of PAGE's exercise is met (or, without PAGE,
    of every exercise)."""
    exercises = [catalogue.lookup(page)] if page else list(catalogue.EXERCISES.values())
    if name and not page:
        raise LabError("--name needs a PAGE: each exercise has a name of its own")
    if page:
        require(exercises[0])
        outcome = check(exercises[0], name)
        print(report(outcome), flush=True)
        return 0 if outcome.passed else 1
    done = 0
    for exercise in exercises:
        try:
            require(exercise)
        except LabError as error:
            print(f"{exercise.page:24} {'unchecked':12} {exercise.task} ({error})", flush=True)
            continue
        outcome = check(exercise)
        met = sum(hint is None for _, hint in outcome.results)
        state = "done" if outcome.passed else f"{met} of {len(exercise.criteria)} met"
        done += outcome.passed
        print(f"{exercise.page:24} {state:12} {exercise.task}", flush=True)
    print(f"{done} of {len(exercises)} exercises done; `lab check PAGE` says what is missing")
    return 0 if done == len(exercises) else 1
