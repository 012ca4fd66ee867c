"""Log lines as JSON objects and optional error reports to Sentry (both configured in settings)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

LOG_FORMATS = ("text", "json")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger, message (+ exception)."""

    # Why no dependency: log collectors need one object per line with these few keys, which the
    # standard library writes; the traceback stays inside the object instead of spanning lines.
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, str] = {
            "timestamp": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(log_format: str, level: str) -> dict[str, object]:
    """The LOGGING setting: everything to the console, as text or as JSON lines."""
    handler: dict[str, str] = {"class": "logging.StreamHandler"}
    config: dict[str, object] = {"version": 1, "disable_existing_loggers": False}
    if log_format == "json":
        config["formatters"] = {"json": {"()": "config.logging.JsonFormatter"}}
        handler["formatter"] = "json"
    config["handlers"] = {"console": handler}
    config["root"] = {"handlers": ["console"], "level": level}
    return config


def init_error_reporting(dsn: str, environment: str, traces_sample_rate: float) -> None:
    """Send unhandled errors of the web processes and of the Celery workers to Sentry."""
    # Why imported here: sentry_sdk is loaded only by deployments that set SENTRY_DSN.
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=traces_sample_rate,
        # Why: users' e-mails and IPs stay in the portal; the report needs the stack, not the person.
        send_default_pii=False,
    )
