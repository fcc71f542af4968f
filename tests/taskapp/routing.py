"""Which database the code under test uses: set per test by the `backend` fixture."""

import contextvars

current_alias = contextvars.ContextVar("current_alias", default="default")


class BackendRouter:
    """Sends every query to the database of the backend under test."""

    def db_for_read(self, model, **hints):
        return current_alias.get()

    def db_for_write(self, model, **hints):
        return current_alias.get()
