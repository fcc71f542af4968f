"""Logs as JSON lines on stdout, for Django and gunicorn alike."""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, pid, and request facts."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update(access_fields(record.args))
        elif hasattr(record, "status_code"):  # django.request and django.server records
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def access_fields(atoms: dict) -> dict:
    """The parts of gunicorn's access-log atoms worth querying."""
    return {
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "query": atoms.get("q"),
        "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
        "duration_ms": round(atoms.get("D", 0) / 1000, 1),
        "remote_addr": atoms.get("h"),
        "user_agent": atoms.get("a"),
    }


def logging_config(level: str) -> dict:
    """A dictConfig for Django's LOGGING and gunicorn's logconfig_dict."""
    quiet = {"handlers": [], "propagate": True}  # drop default handlers, log through root
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        "root": {"level": level, "handlers": ["stdout"]},
        "loggers": {
            "django": {"level": level, **quiet},
            "django.server": {"level": level, **quiet},
            "gunicorn.error": {"level": level, **quiet},
            "gunicorn.access": {"level": "INFO", **quiet},
        },
    }
