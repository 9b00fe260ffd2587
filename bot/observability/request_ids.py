"""One id per turn, carried gateway → Rasa → actions so their log lines can be joined.

The gateway mints the id (or takes a trusted proxy's `X-Request-ID`), keeps it in a context variable
for the turn (asyncio tasks and `asyncio.to_thread` copy it), and sends it to Rasa in the message
metadata; Rasa and the action server read it back from there. Only ids of one plain shape are ever
believed or logged: anything else could be free text (or a person's words) smuggled into a log.

Standard library only: Rasa's environment imports this module too.
"""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar
from typing import Any

HEADER = "X-Request-ID"
METADATA_KEY = "request_id"
# nginx's $request_id is 32 hex digits; ours are 32 too. Letters, digits and dashes only, 8 to 64.
_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{7,63}")

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def valid(value: Any) -> str | None:
    """`value` if it is an id of the accepted shape, else None."""
    return value if isinstance(value, str) and _SHAPE.fullmatch(value) else None


def mint() -> str:
    return secrets.token_hex(16)


def start(given: Any = None) -> str:
    """Make `given` (if valid) or a new id the current one; returns it."""
    request_id = valid(given) or mint()
    _current.set(request_id)
    return request_id


def current() -> str | None:
    return _current.get()


def clear() -> None:
    _current.set(None)


def from_action_call(call: Any) -> str | None:
    """The id in an action server call: the metadata of the tracker's latest user message."""
    try:
        return valid(call["tracker"]["latest_message"]["metadata"][METADATA_KEY])
    except (KeyError, TypeError):
        return None
