"""TLS is terminated in front of the app (an ingress or load balancer) which sets
X-Forwarded-Proto. `manage.py check --deploy` reports nothing under this profile, in
every configuration it accepts (tests/taskapp/test_config_production.py walks them).

Safe to copy: writes need a token, the hosts are named, clients are throttled, and
what serves only development or a lab (DEBUG, a committed secret key, the demo
switches, the browsable API) is refused with a message saying why."""

from django.core.exceptions import ImproperlyConfigured

from config import env

from .base import *  # noqa: F403
from .base import DEBUG, DEMO_ENDPOINTS, REST_FRAMEWORK, SECRET_KEY

profile = "config.settings.production"  # lower case: not a setting

if DEBUG:
    raise ImproperlyConfigured(
        f"DEBUG is on, which {profile} refuses: Django's debug pages show settings and "
        "code to anyone who causes an error; unset it, or use config.settings.http"
    )
if env.insecure_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY calls itself insecure, which {profile} refuses: the development keys "
        "committed in this repository are public; "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))' makes one"
    )

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
    # Past its rate a client is answered 429 with Retry-After (the health paths never are).
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.rate("THROTTLE_ANON_RATE", "120/minute"),  # by client address
        "user": env.rate("THROTTLE_USER_RATE", "600/minute"),  # by token
    },
    # The client's address is the one the last of this many proxies (the ingress) put in
    # X-Forwarded-For; what the client wrote there itself is ignored. 0: the peer address.
    "NUM_PROXIES": int(env.number("NUM_PROXIES", 1)),
}

# Throttling counts in this cache. Files in one directory are seen by every gunicorn
# worker of the container (a per-process cache would let each worker allow the full
# rate), with no service to run. It counts per container: with N replicas a client
# gets at most N times the rate. Under Kubernetes /tmp is the pod's emptyDir.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.text("THROTTLE_CACHE_DIR", "/tmp/taskapp-throttle"),  # noqa: S108
        "OPTIONS": {"MAX_ENTRIES": 10_000},  # clients counted at once; older ones culled
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# Probes call the pod over plain HTTP: a redirect would fail them.
SECURE_REDIRECT_EXEMPT = [r"^api/health/"]
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading asks browser vendors to ship the domain as HTTPS-only: it takes months to
# undo, and binds every subdomain. Off unless asked for with HSTS_PRELOAD=1.
SECURE_HSTS_PRELOAD = env.flag("HSTS_PRELOAD")
if not SECURE_HSTS_PRELOAD:
    # security.W021 reports preload off; here that is the choice above, not an oversight.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
