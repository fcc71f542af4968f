"""`lab check [PAGE]`: one page's exercise, criterion by criterion, or every exercise's state."""

from lab.docker import require_engine
from lab.errors import LabError
from lab.exercises import catalogue
from lab.exercises.check import check, report


def run_check(page: str | None, name: str | None) -> int:
    """Exit status 0 only when every criterion of PAGE's exercise is met (or, without PAGE,
    of every exercise)."""
    exercises = [catalogue.lookup(page)] if page else list(catalogue.EXERCISES.values())
    if name and not page:
        raise LabError("--name needs a PAGE: each exercise has a name of its own")
    require_engine()
    if page:
        outcome = check(exercises[0], name)
        print(report(outcome), flush=True)
        return 0 if outcome.passed else 1
    done = 0
    for exercise in exercises:
        outcome = check(exercise)
        met = sum(hint is None for _, hint in outcome.results)
        state = "done" if outcome.passed else f"{met} of {len(exercise.criteria)} met"
        done += outcome.passed
        print(f"{exercise.page:24} {state:12} {exercise.task}", flush=True)
    print(f"{done} of {len(exercises)} exercises done; `lab check PAGE` says what is missing")
    return 0 if done == len(exercises) else 1
