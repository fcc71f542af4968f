"""A page's plan, for a reader deciding when to read it: how long the page and its exercise take,
its level, and the pages to read first, all from its front matter:

    minutes: {read: 10, exercise: 15, estimate: true}
    level: beginner
    prerequisites: [docker/containers-vs-vms.md]

`estimate: true` says nobody timed it; the line then says the times are estimates.
A page whose front matter has none of the three has no plan; one with some but not all of
them, or a value of the wrong kind, or a prerequisite that is not a page of the site, is an
error the build stops on (PlanError, with the page and what is wrong).
"""

import posixpath
from collections.abc import Callable

KEYS = ("minutes", "level", "prerequisites")
LEVELS = ("beginner", "intermediate", "advanced")


class PlanError(ValueError):
    pass


def has_plan(meta: dict) -> bool:
    return any(key in meta for key in KEYS)


def plan_line(meta: dict, page_uri: str, title_of: Callable[[str], str | None]) -> str:
    """The plan as one Markdown paragraph (class `plan`), links relative to page_uri.

    title_of(uri) gives the title of the page at that docs-relative path, None if there is none.
    """
    missing = [key for key in KEYS if key not in meta]
    if missing:
        raise PlanError(f"{page_uri}: its plan lacks {', '.join(missing)} in the front matter")
    minutes, level, before = meta["minutes"], meta["level"], meta["prerequisites"]
    if not (
        isinstance(minutes, dict)
        and set(minutes) == {"read", "exercise", "estimate"}
        and all(_positive(minutes[key]) for key in ("read", "exercise"))
        and isinstance(minutes["estimate"], bool)
    ):
        raise PlanError(
            f"{page_uri}: minutes must be {{read: N, exercise: N, estimate: true|false}}"
            f" with whole minutes above 0, not {minutes!r}"
        )
    if level not in LEVELS:
        raise PlanError(f"{page_uri}: level must be one of {', '.join(LEVELS)}, not {level!r}")
    if not isinstance(before, list) or not all(isinstance(uri, str) for uri in before):
        raise PlanError(f"{page_uri}: prerequisites must be a list of pages, not {before!r}")
    links = []
    for uri in before:
        title = title_of(uri)
        if title is None:
            raise PlanError(f"{page_uri}: prerequisite {uri} is not a page of the site")
        links.append(f"[{title}]({posixpath.relpath(uri, posixpath.dirname(page_uri))})")
    how = "estimates: nobody has timed a reader yet" if minutes["estimate"] else "measured"
    return (
        f"**Plan:** {minutes['read']} min to read, {minutes['exercise']} min for the exercise"
        f" ({how}) · level: {level} · read first: {', '.join(links) or 'nothing'}\n{{ .plan }}"
    )


def _positive(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
