"""Settings for taskapp's tests: the http profile with two databases.

`default` is SQLite; `postgresql` is a real PostgreSQL 15 server that the `postgres`
fixture starts on the port chosen here. SECRET_KEY is required outside DEBUG, so the
tests bring a random one when the environment has none.
"""

import os
import secrets
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from config.settings.http import *  # noqa: F403
from lab.net import free_port

DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
    "postgresql": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": free_port(),
        "NAME": "taskapp",
        "USER": "taskapp",
        "PASSWORD": secrets.token_urlsafe(16),
    },
}
DATABASE_ROUTERS = ["tests.taskapp.routing.BackendRouter"]

# Whitenoise warns on every request when STATIC_ROOT is missing; collectstatic is not run.
STATIC_ROOT = Path(tempfile.gettempdir()) / "taskapp-test-static"
STATIC_ROOT.mkdir(exist_ok=True)
