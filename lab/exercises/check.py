"""An exercise is a list of criteria checked in order on the reader's engine; the first unmet
one gets a hint saying where to look, never the answer."""

import time
from collections.abc import Callable
from dataclasses import dataclass

# A test returns None when the criterion is met, else the hint for it (Hint).


@dataclass(frozen=True)
class Hint:
    """Where to look, under a short key that names the mistake (tests compare the key)."""

    key: str
    text: str


@dataclass(frozen=True)
class Criterion:
    text: str  # what holds when it is met, as the reader reads it
    test: Callable[[str], Hint | None]  # given the exercise's name (tag or Compose project)


@dataclass(frozen=True)
class Exercise:
    page: str  # the page's file name without .md, e.g. images-and-layers
    task: str  # one line: the outcome asked for
    criteria: tuple[Criterion, ...]
    runs_on: str = "engine"  # or "cluster": then NAME is a namespace of the lab cluster

    @property
    def name(self) -> str:
        """The image repository, Compose project or namespace the page tells the reader to use."""
        return f"your-turn-{self.page}"


@dataclass(frozen=True)
class Outcome:
    exercise: Exercise
    name: str
    results: tuple[tuple[Criterion, Hint | None], ...]  # up to the first unmet criterion
    seconds: float

    @property
    def passed(self) -> bool:
        return all(hint is None for _, hint in self.results)

    @property
    def hint(self) -> Hint | None:
        return next((hint for _, hint in self.results if hint is not None), None)


def check(exercise: Exercise, name: str | None = None) -> Outcome:
    """Check EXERCISE's criteria in order; those after the first unmet one are not checked
    (they would read what isn't there yet)."""
    name = name or exercise.name
    start = time.monotonic()
    results = []
    for criterion in exercise.criteria:
        hint = criterion.test(name)
        results.append((criterion, hint))
        if hint is not None:
            break
    return Outcome(exercise, name, tuple(results), time.monotonic() - start)


def report(outcome: Outcome) -> str:
    """One line per criterion (met, not met, not checked), then the hint for the first unmet."""
    lines = [f"{outcome.exercise.page} ({outcome.name}): {outcome.exercise.task}"]
    checked = dict(outcome.results)
    for criterion in outcome.exercise.criteria:
        if criterion not in checked:
            mark = "not checked"
        else:
            mark = "met" if checked[criterion] is None else "NOT MET"
        lines.append(f"  [{mark}] {criterion.text}")
    hint = outcome.hint
    if hint is None:
        lines.append(f"All {len(outcome.exercise.criteria)} criteria met.")
    else:
        lines.append(f"hint ({hint.key}): {hint.text}")
    lines.append(f"(checked in {outcome.seconds:.1f} s)")
    return "\n".join(lines)
