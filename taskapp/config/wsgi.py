"""WSGI entry point: gunicorn serves `config.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

from config.settings import DEFAULT_SETTINGS_MODULE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS_MODULE)

application = get_wsgi_application()

# Import every view while the worker boots, not during its first request:
# that first request is often a probe, with a timeout of 1 s.
from config import urls  # noqa: E402, F401
