"""The production profile: what it refuses, and Django's deploy checks silent for the rest."""

import json
import re
import time
from pathlib import Path

import pytest

from tests.taskapp.servers import TASKAPP, HeldRequest, app_env, manage

ROOT = TASKAPP.parent
PRODUCTION = {"DJANGO_SETTINGS_MODULE": "config.settings.production"}
HOSTS = {"ALLOWED_HOSTS": "taskapp.example.com"}


def committed_secret_keys() -> dict[str, str]:
    """Every SECRET_KEY written in this repository: the lab clusters' and the DEBUG default."""
    dev_env = ROOT / "deploy/k8s/components/dev/secret.dev.env"
    (lab,) = re.findall(r"^SECRET_KEY=(.+)$", dev_env.read_text(), re.MULTILINE)
    (debug,) = re.findall(r'return key or "([^"]+)"', (TASKAPP / "config/env.py").read_text())
    return {"secret.dev.env": lab, "DEBUG default": debug}


@pytest.mark.parametrize("where", sorted(committed_secret_keys()))
def test_production_refuses_the_secret_keys_committed_here(tmp_path, where):
    key = committed_secret_keys()[where]
    result = manage("check", env=app_env(tmp_path, **PRODUCTION, **HOSTS, SECRET_KEY=key))
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert "SECRET_KEY calls itself insecure, which config.settings.production refuses" in last


def test_the_http_profile_takes_the_lab_clusters_key(tmp_path):
    """The refusal above is production's: the lab clusters run `http` with that key."""
    key = committed_secret_keys()["secret.dev.env"]
    assert manage("check", env=app_env(tmp_path, SECRET_KEY=key)).returncode == 0


# Each variable the profile reads, with values it could be given, the unsafe ones too:
# one at a time, then the safe ones together.
VARIATIONS = {
    "DEBUG": ["0", "1"],
    "HSTS_PRELOAD": ["0", "1"],
    "BROWSABLE_API": ["0"],
    "NUM_PROXIES": ["0", "2"],
    "THROTTLE_ANON_RATE": ["5/second"],
}
CONFIGURATIONS = [
    {},
    *({name: value} for name, values in VARIATIONS.items() for value in values),
    {"DEBUG": "0", "HSTS_PRELOAD": "1", "BROWSABLE_API": "0", "NUM_PROXIES": "2"},
]


def test_every_configuration_production_accepts_passes_the_deploy_checks(tmp_path):
    """Refused at start, or `check --deploy` silent: nothing in between. W021 (no HSTS
    preload) is silenced exactly when preload is off, as production.py explains."""
    refused = []
    for variables in CONFIGURATIONS:
        env = app_env(tmp_path, **PRODUCTION, **HOSTS, **variables)
        result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
        if "ImproperlyConfigured" in result.stderr:
            refused.append(variables)
            continue
        assert result.returncode == 0, f"{variables}:\n{result.stderr}"
        silenced = 0 if variables.get("HSTS_PRELOAD") == "1" else 1
        expected = f"System check identified no issues ({silenced} silenced)."
        assert result.stdout.strip() == expected, variables
    assert refused == [{"DEBUG": "1"}]


def test_hsts_preload_only_when_asked_for(gunicorn):
    server = gunicorn(ALLOWED_HOSTS="127.0.0.1", HSTS_PRELOAD="1", **PRODUCTION)
    reply = server.request("/api/info", X_Forwarded_Proto="https")
    assert reply.headers["Strict-Transport-Security"].endswith("; preload")


@pytest.mark.parametrize("rate", ["fast", "0/minute", "5/fortnight", "5"])
def test_a_throttle_rate_that_is_no_rate_is_refused(tmp_path, rate):
    env = app_env(tmp_path, **PRODUCTION, **HOSTS, THROTTLE_ANON_RATE=rate)
    result = manage("check", env=env)
    assert result.returncode == 1
    assert f"THROTTLE_ANON_RATE={rate!r} is not a rate" in result.stderr


def throttled_env(tmp_path: Path, **env: str) -> dict[str, str]:
    return {
        **PRODUCTION,
        "ALLOWED_HOSTS": "127.0.0.1",
        "THROTTLE_CACHE_DIR": str(tmp_path / "throttle"),
        **env,
    }


def test_clients_are_throttled_across_workers_with_retry_after(gunicorn, tmp_path):
    """Two workers of one thread each: a request held half-sent keeps one worker busy,
    so the next request goes to the other; then the held one ends. Each pair is answered
    by both workers, and ten requests in all pass."""
    server = gunicorn(
        **throttled_env(
            tmp_path, GUNICORN_WORKERS="2", GUNICORN_THREADS="1", THROTTLE_ANON_RATE="10/hour"
        )
    )
    statuses = []
    for _ in range(10):
        held = HeldRequest(server.url, "/api/info")  # one worker waits for its end
        time.sleep(0.2)
        statuses.append(server.request("/api/info", X_Forwarded_Proto="https").status)
        statuses.append(held.finish(X_Forwarded_Proto="https"))
    assert statuses == [200] * 10 + [429] * 10
    last = server.request("/api/info", X_Forwarded_Proto="https")
    assert last.status == 429 and 0 < int(last.headers["Retry-After"]) <= 3600
    answered_by = [json.loads(line)["pid"] for line in server.log_lines() if '"/api/info"' in line]
    assert len(set(answered_by)) == 2  # the access log of each worker names its pid


def test_the_client_is_the_address_the_last_proxy_saw(gunicorn, tmp_path):
    """NUM_PROXIES=1: the last X-Forwarded-For entry (the ingress's) names the client;
    what the client wrote before it changes nothing."""
    server = gunicorn(**throttled_env(tmp_path, NUM_PROXIES="1", THROTTLE_ANON_RATE="2/hour"))

    def status(forwarded_for: str) -> int:
        reply = server.request(
            "/api/info", X_Forwarded_Proto="https", X_Forwarded_For=forwarded_for
        )
        return reply.status

    spoofed = [status(f"198.51.100.{n}, 203.0.113.5") for n in (1, 2, 3)]
    assert spoofed == [200, 200, 429]
    assert status("203.0.113.6") == 200  # another client has its own count


def test_the_probes_are_never_throttled(gunicorn, tmp_path):
    server = gunicorn(**throttled_env(tmp_path, THROTTLE_ANON_RATE="1/hour"))
    server.request("/api/info", X_Forwarded_Proto="https")
    assert server.request("/api/info", X_Forwarded_Proto="https").status == 429
    assert [server.request("/api/health/live").status for _ in range(5)] == [200] * 5
