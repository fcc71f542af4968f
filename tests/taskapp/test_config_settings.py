"""Settings from the environment: SECRET_KEY rules, databases, the two profiles."""

import json
import runpy
import shutil

import pytest

from tests.taskapp.servers import TASKAPP, app_env, manage, secret_key

PRODUCTION = {"DJANGO_SETTINGS_MODULE": "config.settings.production"}


def load_base_settings(monkeypatch, **env: str) -> dict:
    """config/settings/base.py evaluated afresh with `env` as the app's environment."""
    for name in ("DB_HOST", "DEBUG", "ALLOWED_HOSTS", "SQLITE_PATH", "LOG_LEVEL", "BROWSABLE_API"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", secret_key())
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(TASKAPP / "config/settings/base.py"))


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "SECRET_KEY is not set"),
        ("", "SECRET_KEY is not set"),
        ("too-short-" * 4, "SECRET_KEY is only 40 characters long"),
        ("change-me" + "x" * 60, "SECRET_KEY is still the example placeholder 'change-me'"),
    ],
)
def test_the_app_refuses_to_start_with_an_unsafe_secret_key(tmp_path, key, message):
    env = app_env(tmp_path)
    del env["SECRET_KEY"]
    if key is not None:
        env["SECRET_KEY"] = key
    result = manage("check", env=env)
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .endswith(
            message + "; set SECRET_KEY to a random string of at least 50 characters, "
            "e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    )


def test_a_secret_key_of_50_characters_is_accepted(tmp_path):
    result = manage("check", env=app_env(tmp_path, SECRET_KEY="k" * 50))
    assert result.returncode == 0, result.stderr


def test_debug_needs_no_secret_key(tmp_path):
    env = app_env(tmp_path, DEBUG="1")
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr


def test_the_http_profile_differs_from_production_only_in_tls_settings(tmp_path):
    result = manage("check", "--deploy", env=app_env(tmp_path))
    assert result.returncode == 0
    reported = {word.strip(":") for word in result.stderr.split() if word.startswith("(security.")}
    # W004 HSTS, W008 SSL redirect, W016 CSRF cookie over HTTPS only.
    assert reported == {"(security.W004)", "(security.W008)", "(security.W016)"}


def test_collectstatic_needs_nothing_but_debug(tmp_path):
    """The image build step: DEBUG=1 and the http profile (manage.py's default), nothing else."""
    app = tmp_path / "app"
    shutil.copytree(TASKAPP, app, ignore=shutil.ignore_patterns("staticfiles", "db.sqlite3*"))
    result = manage("collectstatic", "--noinput", env={"DEBUG": "1"}, cwd=app)
    assert result.returncode == 0, result.stderr
    assert (app / "staticfiles/rest_framework/css/bootstrap.min.css").is_file()
    assert (app / "staticfiles/rest_framework/css/bootstrap.min.css.gz").is_file()


def test_without_db_host_the_database_is_the_sqlite_file(monkeypatch, tmp_path):
    settings = load_base_settings(monkeypatch, SQLITE_PATH=str(tmp_path / "tasks.db"))
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "tasks.db")


def test_db_host_selects_postgresql_with_the_db_variables(monkeypatch):
    settings = load_base_settings(
        monkeypatch,
        DB_HOST="db.example",
        DB_PORT="6543",
        DB_NAME="tasks",
        DB_USER="app",
        DB_PASSWORD="pw",
    )
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert [database[k] for k in ("HOST", "PORT", "NAME", "USER", "PASSWORD")] == [
        "db.example",
        "6543",
        "tasks",
        "app",
        "pw",
    ]
    assert database["OPTIONS"]["connect_timeout"] <= 3


def test_debug_is_off_unless_set(monkeypatch):
    assert load_base_settings(monkeypatch)["DEBUG"] is False
    assert load_base_settings(monkeypatch, DEBUG="0")["DEBUG"] is False
    assert load_base_settings(monkeypatch, DEBUG="1")["DEBUG"] is True


def test_allowed_hosts_is_a_comma_separated_list(monkeypatch):
    settings = load_base_settings(monkeypatch, ALLOWED_HOSTS="a.example, b.example,,")
    assert settings["ALLOWED_HOSTS"] == ["a.example", "b.example"]


def test_an_unknown_log_level_is_refused(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="LOG_LEVEL='LOUD' is not a log level"):
        load_base_settings(monkeypatch, LOG_LEVEL="loud")


def test_production_redirects_to_https_except_the_health_paths(gunicorn):
    server = gunicorn(ALLOWED_HOSTS="127.0.0.1", **PRODUCTION)
    assert server.request("/api/health/live").status == 200
    assert server.request("/api/health/ready").status in (200, 503)  # answered, not redirected
    redirected = server.request("/api/info")
    assert redirected.status == 301
    assert redirected.headers["Location"].startswith("https://")
    behind_tls = server.request("/api/info", X_Forwarded_Proto="https")
    assert behind_tls.status == 200
    hsts = behind_tls.headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains"  # no preload unless HSTS_PRELOAD=1


def test_the_browsable_api_renders_with_static_files_served_by_whitenoise():
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", "--noinput", verbosity=0)  # into the tests' STATIC_ROOT
    client = Client()  # a new handler: whitenoise indexes STATIC_ROOT when it starts
    page = client.get("/api/info", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert b"/static/rest_framework/css/bootstrap.min.css" in page.content
    css = client.get("/static/rest_framework/css/bootstrap.min.css", HTTP_ACCEPT_ENCODING="gzip")
    assert css.status_code == 200
    assert css["Content-Encoding"] == "gzip"


HOSTS = {"ALLOWED_HOSTS": "taskapp.example.com"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "ALLOWED_HOSTS is not set, which config.settings.production requires"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS=* contains '*'"),
        ({"ALLOWED_HOSTS": "a.example,*"}, "ALLOWED_HOSTS=a.example,* contains '*'"),
        (
            {**HOSTS, "DEMO_ENDPOINTS": "1"},
            "DEMO_ENDPOINTS is on, which config.settings.production",
        ),
        ({**HOSTS, "BROWSABLE_API": "1"}, "BROWSABLE_API is on, which config.settings"),
        ({**HOSTS, "DEBUG": "1"}, "DEBUG is on, which config.settings.production refuses"),
    ],
)
def test_production_refuses_what_only_a_lab_should_run(tmp_path, env, message):
    result = manage("check", env=app_env(tmp_path, **PRODUCTION, **env))
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: " + message), last


def test_the_http_profile_allows_the_lab_settings_production_refuses(tmp_path):
    env = app_env(tmp_path, ALLOWED_HOSTS="*", DEMO_ENDPOINTS="1", BROWSABLE_API="1")
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr


def test_gunicorn_under_production_refuses_the_demo_switches_in_one_line(gunicorn):
    server = gunicorn(wait=False, ALLOWED_HOSTS="127.0.0.1", DEMO_ENDPOINTS="1", **PRODUCTION)
    assert server.process.wait(timeout=30) != 0
    assert "Traceback" not in server.output()
    (line,) = [line for line in server.log_lines() if "DEMO_ENDPOINTS" in line]
    assert "refusing to start: DEMO_ENDPOINTS is on" in line


def renderers(settings: dict) -> list[str]:
    return [
        name.rsplit(".", 1)[-1] for name in settings["REST_FRAMEWORK"]["DEFAULT_RENDERER_CLASSES"]
    ]


def test_the_browsable_api_is_on_unless_turned_off(monkeypatch):
    both = ["JSONRenderer", "BrowsableAPIRenderer"]
    assert renderers(load_base_settings(monkeypatch)) == both
    assert renderers(load_base_settings(monkeypatch, BROWSABLE_API="0")) == ["JSONRenderer"]


def test_production_answers_a_browser_with_json(gunicorn):
    server = gunicorn(ALLOWED_HOSTS="127.0.0.1", **PRODUCTION)
    browser = "text/html,application/xhtml+xml,*/*;q=0.8"
    reply = server.request("/api/info", X_Forwarded_Proto="https", Accept=browser)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json"


def test_database_connections_carry_tcp_timeouts(tmp_path, postgres):
    """The keepalive and tcp_user_timeout options reach libpq on a real connection."""
    show = (
        "from django.db import connection; connection.ensure_connection(); "
        "import json; print(json.dumps(connection.connection.info.get_parameters()))"
    )
    result = manage("shell", "-c", show, env=app_env(tmp_path, **postgres.env("postgres")))
    assert result.returncode == 0, result.stderr
    parameters = json.loads(result.stdout.splitlines()[-1])
    assert parameters["connect_timeout"] == "3"
    assert parameters["keepalives"] == "1"
    assert int(parameters["keepalives_idle"]) * 1000 <= int(parameters["tcp_user_timeout"])
