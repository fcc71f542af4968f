"""Is the database ready for this app? Answered within a deadline, whatever the database does."""

import threading

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

# A probe gives up after its own timeout (1 s by default in Kubernetes, 2 s at most
# here), so the check answers before that even when the database never replies.
DEADLINE_SECONDS = 1.5


def database_problem(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    """None when the database answers and all migrations are applied, else the reason."""
    outcome: dict[str, str | None] = {}

    def check() -> None:
        try:
            outcome["problem"] = unapplied_migrations(alias)
        except Exception as error:  # whatever the database raises is a reason, not a crash
            outcome["problem"] = f"database unreachable: {one_line(error)}"
        finally:
            connections.close_all()  # this thread's own connections

    # A thread, because a connection attempt can't be interrupted: if the database
    # never answers, the thread ends at the driver's connect_timeout, after we replied.
    worker = threading.Thread(target=check, name="readiness-check", daemon=True)
    worker.start()
    worker.join(DEADLINE_SECONDS)
    if worker.is_alive():
        return f"database did not answer within {DEADLINE_SECONDS} s"
    return outcome["problem"]


def unapplied_migrations(alias: str) -> str | None:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        first = plan[0][0]
        return f"{len(plan)} migration(s) not applied, first {first.app_label}.{first.name}"
    return None


def one_line(error: Exception) -> str:
    """The first line of an error message, or its type when it has none."""
    lines = str(error).strip().splitlines()
    return lines[0].strip() if lines else type(error).__name__
