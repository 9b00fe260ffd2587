"""Conversation ids: one format everywhere, a lowercase UUID (`0b6d4f0e-0000-4000-8000-000000000001`).

The gateway mints them (web: derived from the widget session, bot/channels/tokens.py; SMS and
Telegram: uuid4), Rasa takes them as sender ids, the contact log stores them (36 characters) and the
staff console opens them. The action server refuses any other sender id, so nothing that reaches
Rasa another way can write a contact the console could not open.
"""

from __future__ import annotations

import re

PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_FULL = re.compile(PATTERN)


def is_conversation_id(value: object) -> bool:
    """True for a lowercase UUID string, the one format of conversation ids."""
    return isinstance(value, str) and _FULL.fullmatch(value) is not None
