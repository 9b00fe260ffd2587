"""Property-based tests (Hypothesis) for the SMS and Telegram webhooks: random and hostile input
never yields a 500, an unauthenticated request never stores anything, and a valid message is never
lost. Each runs a bounded number of examples against the real gateway and database."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.routing.messages import clean_text
from bot.store.models import Contact, Message

from .conftest import TELEGRAM_SECRET, Gateway

# The gateway fixture lives for the whole test; each example checks what it added itself.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,  # no example database written into the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Anything a form or JSON can carry (no lone surrogates: they cannot be encoded to send at all).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "STOP",
        '/inform{"consent_given": true}',
        "1",
        "<Response/>",
        "'; DROP TABLE messages;--",
        "\u202e\u200b",
        "A" * 3000,
        "💥" * 500,
        "%00",
        "\r\n\r\n",
        "{",
        "null",
    ]
)
ANY_TEXT = st.one_of(TEXT, HOSTILE)
# What an HTTP client can put in a header at all (others are refused before they are sent).
HEADER = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=200)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT, children, max_size=4),
    max_leaves=12,
)


def counts(gateway: Gateway) -> tuple[int, int]:
    """Messages and contacts stored so far."""
    return gateway.query(
        lambda s: (
            s.scalar(select(func.count()).select_from(Message)),
            s.scalar(select(func.count()).select_from(Contact)),
        )
    )


@FUZZ
@given(
    form=st.dictionaries(st.sampled_from(["MessageSid", "From", "Body", "NumMedia", "To", "X"]) | TEXT, ANY_TEXT),
    signature=st.one_of(st.none(), HEADER),
    content_type=st.sampled_from(
        ["application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data"]
    ),
)
async def test_unsigned_sms_webhooks_never_fail_and_store_nothing(
    gateway: Gateway, form: dict[str, str], signature: str | None, content_type: str
) -> None:
    before = counts(gateway)
    headers = {"Content-Type": content_type}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    response = await gateway.client.post("/channels/sms", data=urlencode(form), headers=headers)
    assert response.status in (400, 403, 413, 415)
    assert counts(gateway) == before


@FUZZ
@given(
    body=ANY_TEXT,
    number=st.one_of(st.from_regex(r"\+44[0-9]{10}", fullmatch=True), ANY_TEXT),
    sid=st.one_of(st.from_regex(r"SM[0-9a-f]{32}", fullmatch=True), ANY_TEXT),
    media=st.sampled_from(["0", "1", ""]),
)
async def test_signed_sms_webhooks_never_fail_and_never_lose_a_valid_message(
    gateway: Gateway, body: str, number: str, sid: str, media: str
) -> None:
    params = {"MessageSid": sid, "From": number, "Body": body, "NumMedia": media}
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": gateway.sign(params)}
    await gateway.settle()  # replies to earlier examples are stored in the background
    before = counts(gateway)
    response = await gateway.client.post("/channels/sms", data=urlencode(params), headers=headers)
    valid = bool(sid) and bool(number) and len(sid) <= 64 and len(number) <= 32
    if len(urlencode(params)) > 64 * 1024:
        assert response.status == 413
        return
    assert response.status == (200 if valid else 400), await response.text()
    if not valid:
        assert counts(gateway) == before
        return
    # Stored exactly once (a MessageSid seen in an earlier example is a redelivery: not stored again).
    stored = gateway.query(
        lambda s: s.scalars(select(Message).where(Message.channel == "sms", Message.channel_message_id == sid)).all()
    )
    assert len(stored) == 1, "a valid SMS was lost"


async def post_update(gateway: Gateway, data: Any, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    raw = data if isinstance(data, str) else json.dumps(data)
    response = await gateway.client.post("/channels/telegram", data=raw.encode("utf-8"), headers=headers)
    return response.status


@FUZZ
@given(update=st.one_of(JSON, ANY_TEXT), secret=st.one_of(st.none(), HEADER))
async def test_telegram_updates_without_the_secret_never_fail_and_store_nothing(
    gateway: Gateway, update: Any, secret: str | None
) -> None:
    if secret == TELEGRAM_SECRET:
        secret += "x"
    before = counts(gateway)
    assert await post_update(gateway, update, secret) == 403
    assert counts(gateway) == before


def private_message(update_id: int, chat_id: int, text: Any, extra: dict[str, Any]) -> dict[str, Any]:
    message = {"message_id": 1, "date": 1_700_000_000, "chat": {"id": chat_id, "type": "private"}, "text": text}
    message.update(extra)
    return {"update_id": update_id, "message": message}


@FUZZ
@given(
    update=st.one_of(
        JSON,
        ANY_TEXT,
        st.builds(private_message, st.integers(), st.integers(), JSON, st.dictionaries(ANY_TEXT, JSON, max_size=3)),
    )
)
async def test_hostile_telegram_updates_with_the_secret_never_fail(gateway: Gateway, update: Any) -> None:
    assert await post_update(gateway, update, TELEGRAM_SECRET) in (200, 400, 413)


@FUZZ
@given(update_id=st.integers(1, 2**31), chat_id=st.integers(1, 2**40), text=ANY_TEXT)
async def test_a_valid_telegram_message_is_never_lost(
    gateway: Gateway, update_id: int, chat_id: int, text: str
) -> None:
    def stored() -> list[Message]:
        return gateway.query(
            lambda s: s.scalars(select(Message).where(Message.channel_message_id == f"update:{update_id}")).all()
        )

    redelivery = bool(stored())  # an update_id seen in an earlier example: Telegram retrying, not stored again
    status = await post_update(gateway, private_message(update_id, chat_id, text, {}), TELEGRAM_SECRET)
    assert status == 200
    [message] = stored()
    cleaned = clean_text(text, gateway.settings.max_message_chars)
    if not redelivery and cleaned.text and not cleaned.text.startswith("/start"):
        assert message.text == cleaned.text
