"""Log lines for the gateway and the action server, each carrying the turn's request id.

`LOG_FORMAT=text` (the default): `time LEVEL logger [request id]: message`. `LOG_FORMAT=json`: one JSON
object a line (`time`, `level`, `logger`, `request_id`, `message`, and `error` with a traceback), for
log shippers. Either way the request id comes from `bot.observability.request_ids`; what a message
says about people is each caller's business (they log ids and summaries, never text or numbers).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import TextIO

from bot.observability import request_ids
from bot.settings import SettingsError

FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` (the current turn's, or "-") to every record a handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_ids.current() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", None) or request_ids.current(),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def handler(log_format: str = "text", stream: TextIO | None = None) -> logging.Handler:
    """A handler writing `log_format` lines with request ids to `stream` (stderr by default)."""
    if log_format not in FORMATS:
        raise SettingsError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}")
    made = logging.StreamHandler(stream)
    made.addFilter(RequestIdFilter())
    made.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    return made


def configure(level: str, log_format: str = "text") -> None:
    """Root logging to stderr in `log_format`, with request ids (in place of `logging.basicConfig`)."""
    logging.basicConfig(level=level, handlers=[handler(log_format)])
