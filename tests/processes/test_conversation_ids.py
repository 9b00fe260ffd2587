"""Conversation ids have one format everywhere: every id the gateway mints is one, and the staff
console's conversation route opens every one."""

from __future__ import annotations

import re
import uuid

from bot.channels.tokens import TokenSigner
from bot.conversation_ids import is_conversation_id


def test_ids_minted_by_the_gateway_are_conversation_ids() -> None:
    signer = TokenSigner("a-session-secret-of-at-least-32-bytes")
    for _ in range(200):
        assert is_conversation_id(signer.contact_id_for(signer.new_session_id()))  # web
        assert is_conversation_id(str(uuid.uuid4()))  # SMS and Telegram (bot/channels/sms.py, telegram.py)


def test_other_shapes_are_not() -> None:
    for value in (
        "",
        "bench-" + uuid.uuid4().hex,
        f"no-loops-{uuid.uuid4()}",
        str(uuid.uuid4()).upper(),
        uuid.uuid4().hex,
        str(uuid.uuid4()) + "\n",
        None,
        7,
    ):
        assert not is_conversation_id(value), value


def test_the_console_opens_every_conversation_id() -> None:
    from bot.console.routes import CONVERSATION

    pattern = re.search(r"\{contact_id:(.+)\}", CONVERSATION).group(1)
    for _ in range(200):
        assert re.fullmatch(pattern, str(uuid.uuid4()))
