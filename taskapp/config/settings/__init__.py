"""Settings profiles: `http` (plain HTTP, the default) and `production` (TLS in front)."""

# When DJANGO_SETTINGS_MODULE is unset (manage.py, config/wsgi.py, gunicorn.conf.py).
DEFAULT_SETTINGS_MODULE = "config.settings.http"
