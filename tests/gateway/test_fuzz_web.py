"""Property-based tests (Hypothesis) for the widget's session tokens and websocket frames: hostile
input never yields a 500 or a crash, an unauthenticated socket stores nothing, and a valid message
sent after any amount of garbage is still stored and echoed exactly once."""

from __future__ import annotations

import json
import string
import uuid
from typing import Any

import aiohttp
import pytest
from aiohttp import WSMsgType
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.app import create_app
from bot.channels.tokens import TokenSigner
from bot.channels.web import MAX_FRAME_BYTES
from bot.store.models import Contact, Message

from .conftest import ORIGIN, Gateway
from .test_fuzz_webhooks import ANY_TEXT, JSON
from .test_web_channel import Widget, is_type, new_session

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SIGNER = TokenSigner("a-secret-for-the-fuzz-tests", max_age_seconds=12 * 3600)

# A frame: JSON of any shape, JSON shaped like the protocol with hostile values, or not JSON at all.
PROTOCOL_LIKE = st.fixed_dictionaries(
    {"type": st.sampled_from(["hello", "message", "button", "ping", "keepalive", "typing", ""]) | ANY_TEXT},
    optional={"text": JSON, "after": JSON, "payload": JSON, "title": JSON, "client_id": JSON},
)
# Within the frame limit: a bigger frame closes its socket by design (test_an_oversized_frame_closes_only_that_socket).
FRAME = st.one_of(JSON.map(json.dumps), PROTOCOL_LIKE.map(json.dumps), ANY_TEXT, st.binary(max_size=200)).filter(
    lambda frame: len(frame if isinstance(frame, bytes) else frame.encode("utf-8", "surrogatepass")) <= MAX_FRAME_BYTES
)


@FUZZ
@given(token=st.one_of(ANY_TEXT, st.binary(max_size=600).map(lambda b: b.decode("latin-1")), JSON))
def test_any_token_but_a_genuine_one_is_refused_without_raising(token: Any) -> None:
    assert SIGNER.verify(token) is None


@FUZZ
# Session ids are minted by the signer (token_urlsafe); any text of that alphabet and up to twice
# that length round-trips. (Arbitrary Unicode ids can exceed the token length cap: none are minted.)
@given(
    session_id=st.text(alphabet=string.ascii_letters + string.digits + "-_", max_size=64),
    position=st.integers(0, 10_000),
    replacement=st.characters(),
)
def test_a_genuine_token_round_trips_and_any_change_to_it_is_refused(
    session_id: str, position: int, replacement: str
) -> None:
    token, _ = SIGNER.mint(session_id, 3600)
    verified = SIGNER.verify(token)
    assert verified is not None and verified.session_id == session_id
    position %= len(token)
    tampered = token[:position] + replacement + token[position + 1 :]
    if tampered != token:
        assert SIGNER.verify(tampered) is None


@pytest.fixture
async def roomy(aiohttp_client, make_settings) -> Gateway:
    """A gateway whose rate limits do not get in the way of many examples from one address."""
    settings = make_settings(
        web_messages_per_minute=100_000,
        web_address_messages_per_minute=100_000,
        web_sessions_per_hour=100_000,
        web_connects_per_minute=100_000,
        web_global_messages_per_minute=100_000,
        web_global_sessions_per_minute=100_000,
    )
    client = await aiohttp_client(create_app(settings))
    return Gateway(client, settings, None)


def counts(gateway: Gateway) -> tuple[int, int]:
    return gateway.query(
        lambda s: (
            s.scalar(select(func.count()).select_from(Message)),
            s.scalar(select(func.count()).select_from(Contact)),
        )
    )


@FUZZ
@given(body=st.one_of(JSON.map(json.dumps), ANY_TEXT), content_type=st.sampled_from(["application/json", "text/plain"]))
async def test_session_requests_never_fail_and_store_nothing(roomy: Gateway, body: str, content_type: str) -> None:
    before = counts(roomy)
    response = await roomy.client.post(
        "/api/web/session", data=body.encode("utf-8"), headers={"Content-Type": content_type, "Origin": ORIGIN}
    )
    assert response.status in (200, 400, 415)
    if response.status == 200:
        assert (await response.json())["resumed"] is False  # nothing random names a conversation
    assert counts(roomy) == before


@FUZZ
@given(frames=st.lists(FRAME, min_size=1, max_size=6), token=st.one_of(ANY_TEXT, st.just("")))
async def test_an_unauthenticated_socket_stores_nothing_whatever_it_sends(
    roomy: Gateway, frames: list[Any], token: str
) -> None:
    before = counts(roomy)
    ws = await roomy.client.ws_connect("/channels/web/ws", params={"token": token}, origin=ORIGIN)
    for frame in frames:
        try:
            await (ws.send_bytes(frame) if isinstance(frame, bytes) else ws.send_str(frame))
        except (ConnectionError, RuntimeError):
            break  # the server already closed it
    first = await ws.receive(timeout=5)
    assert json.loads(first.data)["code"] == "expired"
    closing = await ws.receive(timeout=5)
    assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED) and closing.data in (4401, None)
    await ws.close()
    assert counts(roomy) == before


@FUZZ
@given(frames=st.lists(FRAME, min_size=1, max_size=8))
async def test_hostile_frames_never_break_the_socket_nor_lose_the_next_valid_message(
    roomy: Gateway, frames: list[Any]
) -> None:
    widget = await Widget.open(roomy.client, (await new_session(roomy.client))["token"])
    await widget.until(is_type("state"))
    for frame in frames:
        await (widget.ws.send_bytes(frame) if isinstance(frame, bytes) else widget.ws.send_str(frame))
    client_id = uuid.uuid4().hex
    await widget.say("a valid message after the noise", client_id)
    echo = await widget.until(lambda f: f["type"] == "message" and f.get("client_id") == client_id)
    assert echo["text"] == "a valid message after the noise"
    stored = roomy.query(
        lambda s: s.scalars(select(Message).where(Message.text == echo["text"], Message.id == echo["id"])).all()
    )
    assert len(stored) == 1
    assert not widget.ws.closed
    await widget.ws.close()
    await roomy.settle()


async def test_an_oversized_frame_closes_only_that_socket(roomy: Gateway) -> None:
    token = (await new_session(roomy.client))["token"]
    noisy, calm = await Widget.open(roomy.client, token), await Widget.open(roomy.client, token)
    await noisy.until(is_type("state"))
    await noisy.ws.send_str("x" * 20_000)
    with pytest.raises((AssertionError, aiohttp.ClientError)):
        await noisy.until(lambda f: False, timeout=5)
    await calm.say("still here", "c-1")
    assert (await calm.until(lambda f: f["type"] == "message" and f.get("client_id") == "c-1"))["text"] == "still here"
