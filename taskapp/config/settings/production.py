"""TLS is terminated in front of the app (an ingress or load balancer) which sets
X-Forwarded-Proto. `manage.py check --deploy` reports nothing under this profile.

Safe to copy: writes need a token, the hosts are named, and what serves only a lab
(the demo switches, the browsable API) is refused with a message saying why."""

from django.core.exceptions import ImproperlyConfigured

from config import env

from .base import *  # noqa: F403
from .base import DEMO_ENDPOINTS, REST_FRAMEWORK

profile = "config.settings.production"  # lower case: not a setting

if DEMO_ENDPOINTS:
    raise ImproperlyConfigured(
        f"DEMO_ENDPOINTS is on, which {profile} refuses: the demo switches let anyone "
        "burn CPU and fail the probes; unset it, or use config.settings.http for a lab"
    )
if env.flag("BROWSABLE_API"):
    raise ImproperlyConfigured(
        f"BROWSABLE_API is on, which {profile} refuses: the API answers JSON only here; "
        "unset it, or use config.settings.http to explore the API from a browser"
    )

# No default: the names clients use must be given, and `*` would accept any Host header.
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        f"ALLOWED_HOSTS is not set, which {profile} requires: name the hosts clients "
        "use, e.g. ALLOWED_HOSTS=taskapp.example.com"
    )
if any("*" in host for host in ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        f"ALLOWED_HOSTS={','.join(ALLOWED_HOSTS)} contains '*', which {profile} refuses: "
        "name each host (.example.com accepts its subdomains)"
    )

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    # Reads stay open; writes need `Authorization: Token <key>` (see taskapp/README.md).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# Probes call the pod over plain HTTP: a redirect would fail them.
SECURE_REDIRECT_EXEMPT = [r"^api/health/"]
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
