"""Settings shared by every profile. Every value that varies comes from the environment."""

import logging
from pathlib import Path

from config import env
from config.jsonlog import logging_config

BASE_DIR = Path(__file__).resolve().parents[2]

DEBUG = env.flag("DEBUG")
SECRET_KEY = env.secret_key(DEBUG)
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
APP_VERSION = env.text("APP_VERSION", "dev")
# Teaching switches under /api/demo/ (see demo/views.py); 404 unless on.
DEMO_ENDPOINTS = env.flag("DEMO_ENDPOINTS")
# DRF's HTML pages, to explore the API from a browser; `production` refuses them.
BROWSABLE_API = env.flag("BROWSABLE_API", default=True)

INSTALLED_APPS = [
    "django.contrib.auth",  # DRF's anonymous user
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "rest_framework",
    # Its table exists under every profile, so switching profiles needs no migration;
    # only `production` authenticates with it.
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "tasks",
    "health",
    "demo",
]

MIDDLEWARE = [
    # First: a request refused for lack of threads costs as little as possible.
    "config.inflight.LoadSheddingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.limits.BodySizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Requests a worker serves at once before it answers 503 (config/inflight.py): one
# fewer than its threads (gunicorn.conf.py reads the same variable), one left for probes.
MAX_REQUESTS_IN_FLIGHT = max(int(env.number("GUNICORN_THREADS", 4)) - 1, 1)

# The largest request body read (413 above it): a task is a few kilobytes at most.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# URLs are exact: a missing slash is a 404, not a redirect that turns a POST into a GET.
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

# PostgreSQL when DB_HOST is set, an SQLite file otherwise.
if env.text("DB_HOST"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": env.text("DB_HOST"),
            "PORT": env.text("DB_PORT", "5432"),
            "NAME": env.text("DB_NAME", "taskapp"),
            "USER": env.text("DB_USER", "taskapp"),
            "PASSWORD": env.text("DB_PASSWORD"),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # A database host that never answers must not hold a request for long.
                "connect_timeout": 3,
                # A connection whose peer vanished (a network that drops, no reset) fails
                # in seconds, not after the kernel's default of about 15 minutes: TCP
                # keepalive probes while idle, tcp_user_timeout (ms) while data is unacknowledged.
                "keepalives": 1,
                "keepalives_idle": 10,
                "keepalives_interval": 3,
                "keepalives_count": 3,
                "tcp_user_timeout": 10_000,
            },
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.text("SQLITE_PATH") or BASE_DIR / "db.sqlite3",
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Not the Manifest variant: it fails every page that names a file collectstatic
    # has not hashed yet (tests, `manage.py runserver`); these files rarely change.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK = {
    # Open to all under `http` (Compose, the lab clusters); `production` asks for a token.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if BROWSABLE_API else []),
    ],
    # JSON within bounds of depth and number size (config/parsers.py), and HTML forms.
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # 20 a page, `?page_size=` up to 100 (config/pagination.py).
    "DEFAULT_PAGINATION_CLASS": "config.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "taskapp",
    "DESCRIPTION": "A small task manager, built, shipped and scaled by every example.",
    "VERSION": APP_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = logging_config(env.log_level())
logging.captureWarnings(True)  # Python's warnings become JSON log lines too
