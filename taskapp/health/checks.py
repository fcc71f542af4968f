"""Is the database ready for this app? Answered within a deadline, whatever the database does."""

import threading
import time

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

# A probe gives up after its own timeout (1 s by default in Kubernetes, 2 s at most
# here), so the check answers before that even when the database never replies.
DEADLINE_SECONDS = 1.5
# A check still running after this long is lost (a database that took the connection
# and went silent): the next request starts a fresh one instead of waiting on it.
GIVE_UP_AFTER_SECONDS = 15


class Check(threading.Thread):
    """One look at the database, in a thread: a connection attempt can't be interrupted,
    so if the database never answers the thread ends at the driver's timeouts
    (connect_timeout, TCP keepalives, tcp_user_timeout), after we replied."""

    def __init__(self, alias: str):
        super().__init__(name="readiness-check", daemon=True)
        self.alias = alias
        self.started = time.monotonic()
        self.problem: str | None = None

    def run(self) -> None:
        try:
            self.problem = unapplied_migrations(self.alias)
        except Exception as error:  # whatever the database raises is a reason, not a crash
            self.problem = f"database unreachable: {one_line(error)}"
        finally:
            connections.close_all()  # this thread's own connections

    def lost(self) -> bool:
        return time.monotonic() - self.started > GIVE_UP_AFTER_SECONDS


# One check in flight per database and process: concurrent requests (gunicorn's
# threads) share it, so a stalled database can't pile up threads and connections.
_in_flight: dict[str, Check] = {}
_in_flight_lock = threading.Lock()


def database_problem(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    """None when the database answers and all migrations are applied, else the reason."""
    check = check_in_flight(alias)
    check.join(DEADLINE_SECONDS)
    if check.is_alive():
        return f"database did not answer within {DEADLINE_SECONDS} s"
    return check.problem


def check_in_flight(alias: str) -> Check:
    """The check running now for `alias`, or a new one when none is (or it is lost)."""
    with _in_flight_lock:
        check = _in_flight.get(alias)
        if check is None or not check.is_alive() or check.lost():
            check = _in_flight[alias] = Check(alias)
            check.start()
        return check


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
