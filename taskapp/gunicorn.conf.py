"""gunicorn settings, read from the environment like the app's own.

Run from this directory: `gunicorn -c gunicorn.conf.py config.wsgi`.
"""

import os
import sys
import time

from config import env
from config.jsonlog import logging_config
from config.settings import DEFAULT_SETTINGS_MODULE
from demo import state

bind = "0.0.0.0:8000"  # noqa: S104 -- in a container; `--bind` overrides it elsewhere
# Threaded workers: each worker's main loop accepts connections and tells the master
# it is alive while its threads serve requests. A probe finds a free thread next to
# busy ones, and a long request no longer counts against `timeout` (which a sync
# worker, one request at a time, exceeds by serving a request for that long).
worker_class = "gthread"
workers = int(env.number("GUNICORN_WORKERS", 2))
threads = int(env.number("GUNICORN_THREADS", 4))
# A worker takes no more connections than it has threads: the next one waits in the
# listen queue for a worker with a free thread, never behind a busy worker's requests.
# So a connection serves one request (kept-alive connections would count against it).
worker_connections = threads
keepalive = 0
# SIGTERM: stop accepting, let requests in flight finish for up to this long, then exit.
# Below Kubernetes' default terminationGracePeriodSeconds (30 s).
graceful_timeout = 25
# A worker silent for this long (its main loop stuck, not a long request) is restarted.
timeout = int(env.number("GUNICORN_TIMEOUT", 30))
# Access and error logs as JSON lines on stdout, like the app's (config/jsonlog.py).
logconfig_dict = logging_config(env.log_level())
# No runtime control socket: nothing uses it, and the root filesystem may be read-only.
control_socket_disable = True


def on_starting(server):
    """Runs once in the master, before it listens: settings checked, fresh demo switches,
    then a slow start."""
    check_settings(server)
    state.reset()
    delay = env.number("STARTUP_DELAY_SECONDS", 0)
    if delay > 0:
        server.log.info("slow start: waiting %s s before listening (STARTUP_DELAY_SECONDS)", delay)
        time.sleep(delay)


def check_settings(server):
    """Load Django's settings once here: a misconfiguration stops gunicorn with one line
    naming it, instead of a traceback from every worker it would start."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS_MODULE)
    try:
        settings.SECRET_KEY  # noqa: B018 -- reading a setting loads them all
    except ImproperlyConfigured as error:
        server.log.error("refusing to start: %s", error)
        sys.exit(server.APP_LOAD_ERROR)
