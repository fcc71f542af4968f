"""Read configuration from the environment, the only place it comes from."""

import os

from django.core.exceptions import ImproperlyConfigured

# The value our example env files carry; a deployment must replace it.
SECRET_KEY_PLACEHOLDER = "change-me"  # noqa: S105 -- the value refused, not a secret
SECRET_KEY_MIN_LENGTH = 50


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def flag(name: str, default: bool = False) -> bool:
    """A switch is on when set to 1, true, yes or on (any case); unset or empty, `default`."""
    raw = text(name).strip().lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on"}


def items(name: str, default: str = "") -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in text(name, default).split(",") if item.strip()]


def number(name: str, default: float) -> float:
    raw = text(name).strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number") from None


def secret_key(debug: bool) -> str:
    """SECRET_KEY, refused when it would be unsafe outside development."""
    key = text("SECRET_KEY")
    if debug:
        # Development only: a fixed key Django's deploy checks flag as insecure.
        return key or "django-insecure-development-only-never-use-this-key-in-production"
    fix = (
        "set SECRET_KEY to a random string of at least 50 characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
    if not key:
        raise ImproperlyConfigured(f"SECRET_KEY is not set; {fix}")
    if key.startswith(SECRET_KEY_PLACEHOLDER):
        raise ImproperlyConfigured(
            f"SECRET_KEY is still the example placeholder {SECRET_KEY_PLACEHOLDER!r}; {fix}"
        )
    if len(key) < SECRET_KEY_MIN_LENGTH:
        raise ImproperlyConfigured(f"SECRET_KEY is only {len(key)} characters long; {fix}")
    return key


def insecure_secret_key(key: str) -> bool:
    """Whether `key` calls itself insecure, as the development keys in this repository do
    (the DEBUG default below, the lab clusters' secret.dev.env) and Django's own do."""
    return "insecure" in key.lower()


def rate(name: str, default: str) -> str:
    """A throttle rate, `N/second`, `N/minute`, `N/hour` or `N/day` (DRF's notation)."""
    raw = text(name, default).strip()
    count, _, period = raw.partition("/")
    if not (count.isdigit() and int(count) > 0 and period in RATE_PERIODS):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate; write it as N/second, N/minute, N/hour or N/day"
        )
    return raw


RATE_PERIODS = {"second", "minute", "hour", "day"}


def log_level(name: str = "LOG_LEVEL", default: str = "INFO") -> str:
    level = text(name, default).strip().upper() or default
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ImproperlyConfigured(
            f"{name}={level!r} is not a log level; use DEBUG, INFO, WARNING, ERROR or CRITICAL"
        )
    return level
