"""Structured logs (issue 25): one JSON object per line, carrying the request id that
the audit trail records (``core.context``), so that a log line, the response's
``X-Request-ID`` header and an audit event of one request can be matched.

Enabled with ``EDUGOV_LOG_FORMAT=json`` (the production default); development keeps
the plain text format.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from edugov.core import context

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is kept.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Put the current request id (or a job's: the job runner acts under one) on the
    record, "" outside any."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = context.current().request_id
        return True


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id", …extra, "exc"}``.

    The message is formatted with its arguments as usual. No user object is read
    here: resolving the request's lazy user from inside a log call could query the
    database (and log again); the audit trail holds who did what.
    """

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or context.current().request_id,
            "process": record.process,
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)
