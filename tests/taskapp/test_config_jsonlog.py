"""Log records become one JSON object per line."""

import json
import logging
import logging.config

from config.jsonlog import JsonFormatter, logging_config


def record(name="taskapp", msg="hello %s", args=("world",), **extra) -> logging.LogRecord:
    entry = logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, None)
    entry.__dict__.update(extra)
    return entry


def test_a_record_is_one_line_of_json_with_time_level_logger_message_pid():
    line = JsonFormatter().format(record())
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "taskapp"
    assert entry["message"] == "hello world"
    assert entry["time"].endswith("+00:00")
    assert isinstance(entry["pid"], int)


def test_an_exception_is_kept_inside_the_json_line():
    try:
        raise ValueError("broken")
    except ValueError:
        logger_record = record()
        logger_record.exc_info = __import__("sys").exc_info()
    line = JsonFormatter().format(logger_record)
    assert "\n" not in line
    assert "ValueError: broken" in json.loads(line)["exception"]


def test_a_gunicorn_access_record_carries_the_request_as_fields():
    atoms = {"m": "GET", "U": "/api/info", "q": "a=1", "s": "200", "D": 1500, "h": "10.0.0.1"}
    entry = json.loads(JsonFormatter().format(record("gunicorn.access", "%(m)s", (atoms,))))
    assert entry["message"] == "GET"
    assert (entry["method"], entry["path"], entry["query"]) == ("GET", "/api/info", "a=1")
    assert (entry["status"], entry["duration_ms"], entry["remote_addr"]) == (200, 1.5, "10.0.0.1")


def test_the_logging_config_writes_django_and_gunicorn_logs_to_stdout(capsys):
    logging.config.dictConfig(logging_config("INFO"))
    try:
        logging.getLogger("django.request").warning("Not Found: /x")
        logging.getLogger("gunicorn.error").info("Booting worker")
        logging.getLogger("taskapp").debug("below the level")
    finally:
        logging.config.dictConfig({"version": 1, "disable_existing_loggers": False})
    out, err = capsys.readouterr()
    messages = [json.loads(line)["message"] for line in out.splitlines()]
    assert messages == ["Not Found: /x", "Booting worker"]
    assert err == ""
