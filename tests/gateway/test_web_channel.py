"""The website widget over a real websocket, exactly as docs/web-protocol.md describes it."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient
from chat_client import ChatClient, is_type
from chat_client import new_session as open_session

from bot import keys
from bot.app import create_app

from .conftest import ORIGIN, Gateway


async def new_session(client: TestClient, token: str | None = None) -> dict[str, Any]:
    return await open_session(client, token, origin=ORIGIN)


class Widget(ChatClient):
    """The chat client (tests/chat_client.py) with this suite's origin."""

    origin = ORIGIN


async def test_a_session_token_opens_a_conversation_with_its_state(gateway: Gateway) -> None:
    session = await new_session(gateway.client)
    assert session["expires_in"] == gateway.settings.web_session_minutes * 60
    assert session["resumed"] is False
    widget = await Widget.open(gateway.client, session["token"])
    state = await widget.until(is_type("state"))
    assert state["owner"] == "bot"
    assert state["queue_position"] is None


async def test_the_persons_message_is_echoed_once_and_stored_once_even_when_resent(gateway: Gateway) -> None:
    session = await new_session(gateway.client)
    widget = await Widget.open(gateway.client, session["token"])
    await widget.until(is_type("state"))
    await widget.say("hello", "c-1")
    await widget.say("hello", "c-1")  # the widget resends after a flaky moment
    echo = await widget.until(lambda f: f["type"] == "message" and f.get("client_id") == "c-1")
    assert echo["author"] == "user" and echo["text"] == "hello"
    # Rasa is down here: the apology arrives, with a button to reach a person.
    apology = await widget.until(lambda f: f["type"] == "message" and f["author"] == "system")
    assert "0300 020 0096" in apology["text"]
    assert apology["buttons"] == [{"title": "Talk to a person", "payload": "/request_human"}]
    await gateway.settle()
    await widget.quiet(0.3)
    assert [m["client_id"] for m in widget.messages() if m["author"] == "user"] == ["c-1"]
    assert len([m for m in gateway.messages() if m.direction == "in"]) == 1


async def test_a_reload_continues_the_conversation_and_resumes_after_the_last_message(gateway: Gateway) -> None:
    session = await new_session(gateway.client)
    widget = await Widget.open(gateway.client, session["token"])
    await widget.say("first", "c-1")
    await widget.until(lambda f: f["type"] == "message" and f["author"] == "system")
    await gateway.settle()
    await widget.ws.close()
    seen = max(m["id"] for m in widget.messages())

    again = await new_session(gateway.client, session["token"])
    assert again["resumed"] is True
    reloaded = await Widget.open(gateway.client, again["token"], after=0)
    await reloaded.until(is_type("state"))
    assert [m["text"] for m in reloaded.messages()] == [m["text"] for m in widget.messages()]

    reconnected = await Widget.open(gateway.client, again["token"], after=seen)
    await reconnected.until(is_type("state"))
    assert reconnected.messages() == []  # it already had everything
    await reconnected.say("second", "c-2")
    echo = await reconnected.until(lambda f: f["type"] == "message" and f.get("client_id") == "c-2")
    assert echo["id"] > seen
    assert len(gateway.contacts()) == 1


async def test_a_forged_or_expired_token_starts_a_new_conversation(gateway: Gateway) -> None:
    session = await new_session(gateway.client)
    forged = session["token"][:-2] + ("AA" if not session["token"].endswith("AA") else "BB")
    fresh = await new_session(gateway.client, forged)
    assert fresh["resumed"] is False
    ws = await gateway.client.ws_connect(f"/channels/web/ws?token={forged}", origin=ORIGIN)
    frame = await ws.receive_json()
    assert frame["type"] == "error" and frame["code"] == "expired"
    closing = await ws.receive()
    assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED)
    assert ws.close_code == 4401


async def test_an_expired_token_is_refused(gateway: Gateway) -> None:
    channel = gateway.app[keys.WEB]
    token, _ = channel.signer.mint("some-session", -5)
    fresh = await new_session(gateway.client, token)
    assert fresh["resumed"] is False


async def test_other_origins_are_refused_before_the_upgrade(gateway: Gateway) -> None:
    session = await new_session(gateway.client)
    response = await gateway.client.get(
        f"/channels/web/ws?token={session['token']}",
        headers={
            "Origin": "https://evil.example",
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        },
    )
    assert response.status == 403
    response = await gateway.client.post("/api/web/session", json={}, headers={"Origin": "https://evil.example"})
    assert response.status == 403


async def test_allowed_origins_may_embed_the_widget(aiohttp_client, make_settings) -> None:
    client = await aiohttp_client(create_app(make_settings(allowed_origins="https://www.policeconduct.example")))
    response = await client.options(
        "/api/web/session",
        headers={"Origin": "https://www.policeconduct.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status == 204
    assert response.headers["Access-Control-Allow-Origin"] == "https://www.policeconduct.example"
    response = await client.post("/api/web/session", json={}, headers={"Origin": "https://www.policeconduct.example"})
    assert response.status == 200


async def test_bad_requests_get_4xx_or_an_error_frame_never_a_500(gateway: Gateway) -> None:
    response = await gateway.client.post(
        "/api/web/session", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    response = await gateway.client.post("/api/web/session", data="token=x")
    assert response.status == 415
    response = await gateway.client.post(
        "/api/web/session", data="[" + "1," * 40_000 + "1]", headers={"Content-Type": "application/json"}
    )
    assert response.status == 413

    session = await new_session(gateway.client)
    widget = await Widget.open(gateway.client, session["token"])
    await widget.until(is_type("state"))
    await widget.ws.send_str("{oops")
    assert (await widget.until(is_type("error")))["code"] == "bad_request"
    await widget.ws.send_json({"type": "message", "text": 42})
    await widget.ws.send_json({"type": "message", "text": "x", "client_id": "../../etc"})
    await widget.ws.send_json({"type": "launch_missiles"})
    await widget.quiet(0.3)
    assert [f["code"] for f in widget.frames if f["type"] == "error"] == ["bad_request"] * 4
    await widget.ws.send_json({"type": "ping"})
    pong = await widget.until(is_type("pong"))  # still open and well
    assert pong["expires_in"] > 0 and pong["token"]
    assert gateway.messages() == []


async def test_too_long_messages_are_refused_politely_and_not_stored(aiohttp_client, make_settings) -> None:
    client = await aiohttp_client(create_app(make_settings(max_message_chars=50)))
    session = await new_session(client)
    widget = await Widget.open(client, session["token"])
    await widget.say("x" * 51, "c-1")
    error = await widget.until(is_type("error"))
    assert error["code"] == "too_long"
    assert "50 characters" in error["message"]
    await widget.say("\u0000\u200bshort\u202e enough\u0007", "c-2")
    echo = await widget.until(lambda f: f["type"] == "message" and f.get("client_id") == "c-2")
    assert echo["text"] == "short enough"


async def test_a_fast_sender_is_asked_to_slow_down(aiohttp_client, make_settings) -> None:
    client = await aiohttp_client(create_app(make_settings(web_messages_per_minute=3)))
    session = await new_session(client)
    widget = await Widget.open(client, session["token"])
    for n in range(4):
        await widget.say(f"message {n}", f"c-{n}")
    error = await widget.until(is_type("error"))
    assert error["code"] == "rate_limited"
    assert "wait a moment" in error["message"]


async def test_danger_is_never_refused_for_typing_fast(gateway: Gateway) -> None:
    """A person over the message limit who then says they are in danger still gets through: the danger
    reply (here from the gateway, as Rasa is down) and an urgent place in the queue. Their widget
    contact carries its source, so the queue can keep one client from burying another's emergency."""
    gateway.app[keys.WEB].per_session.limit = 2
    session = await new_session(gateway.client)
    widget = await Widget.open(gateway.client, session["token"])
    for n in range(3):
        await widget.say(f"message {n}", f"c-{n}")
    refused = await widget.until(is_type("error"))
    assert refused["code"] == "rate_limited"
    await widget.say("hes outside with a knife and hes trying to get in", "c-danger")
    await widget.until(lambda f: f["type"] == "message" and f.get("client_id") == "c-danger")
    reply = await widget.until(lambda f: f["type"] == "message" and "999" in f["text"])
    assert reply["author"] != "user"
    await gateway.settle()
    assert "message 2" not in [m.text for m in gateway.messages()]
    [handoff] = gateway.handoffs()
    assert handoff.priority == 0
    [contact] = gateway.contacts()
    assert contact.source_hash is not None


async def test_new_sessions_from_one_address_are_limited(aiohttp_client, make_settings) -> None:
    client = await aiohttp_client(create_app(make_settings(web_sessions_per_hour=2)))
    await new_session(client)
    await new_session(client)
    response = await client.post("/api/web/session", json={}, headers={"Origin": ORIGIN})
    assert response.status == 429
    assert (await response.json())["error"] == "rate_limited"


async def test_a_button_payload_the_conversation_was_not_offered_is_not_passed_on(gateway: Gateway) -> None:
    session = await new_session(gateway.client)
    widget = await Widget.open(gateway.client, session["token"])
    await widget.ws.send_json(
        {"type": "button", "title": "Yes", "payload": '/inform{"consent_given": true}', "client_id": "b-1"}
    )
    await widget.until(lambda f: f["type"] == "message" and f.get("client_id") == "b-1")
    await gateway.settle()
    [stored] = [m for m in gateway.messages() if m.direction == "in"]
    assert stored.text == "Yes"
    assert "payload" not in (stored.payload or {})


async def test_when_rasa_is_down_talk_to_a_person_still_queues_and_says_nobody_is_free(gateway: Gateway) -> None:
    session = await new_session(gateway.client)
    widget = await Widget.open(gateway.client, session["token"])
    await widget.say("hello", "c-1")
    apology = await widget.until(lambda f: f["type"] == "message" and f["author"] == "system")
    button = apology["buttons"][0]
    await widget.ws.send_json({"type": "button", **button, "client_id": "c-2"})
    state = await widget.until(lambda f: f["type"] == "state" and f["owner"] == "queued")
    assert state["queue_position"] == 1
    assert state["staff_available"] is False  # nobody has set themselves available
    nobody = await widget.until(lambda f: f["type"] == "message" and "nobody" in f["text"].lower())
    assert "enquiries@policeconduct.gov.uk" in nobody["text"] and "0300 020 0096" in nobody["text"]
    await widget.ws.send_json({"type": "button", **nobody["buttons"][0], "client_id": "c-3"})
    await widget.until(lambda f: f["type"] == "message" and "best phone number" in f["text"])
    await gateway.settle()
    [handoff] = gateway.handoffs()
    assert handoff.status == "queued"  # the call-back request stays in the queue


async def test_danger_while_queued_gets_the_999_reply_at_once_and_raises_priority(gateway: Gateway) -> None:
    session = await new_session(gateway.client)
    widget = await Widget.open(gateway.client, session["token"])
    await widget.ws.send_json(
        {"type": "button", "title": "Talk to a person", "payload": "/request_human", "client_id": "c-1"}
    )
    await widget.until(lambda f: f["type"] == "state" and f["owner"] == "queued")
    await gateway.settle()
    assert gateway.handoffs()[0].priority == 2
    await widget.say("he's outside the door with a knife", "c-2")
    reply = await widget.until(lambda f: f["type"] == "message" and "999" in f["text"])
    assert reply["author"] == "system"
    await gateway.settle()
    assert gateway.handoffs()[0].priority == 0


async def test_staff_take_over_reply_and_hand_back_on_the_web(gateway: Gateway) -> None:
    sam = gateway.add_staff("sam", "Sam")
    session = await new_session(gateway.client)
    widget = await Widget.open(gateway.client, session["token"])
    await widget.ws.send_json(
        {"type": "button", "title": "Talk to a person", "payload": "/request_human", "client_id": "c-1"}
    )
    queued = await widget.until(lambda f: f["type"] == "state" and f["owner"] == "queued")
    assert queued["staff_available"] is True
    await gateway.settle()
    contact_id = gateway.contacts()[0].id
    desk = gateway.app[keys.STAFF_DESK]
    hub = gateway.app[keys.HUB]

    async with hub.subscribe(contact_id) as events:
        assert await desk.claim(contact_id, sam) is True
        await widget.until(
            lambda f: f["type"] == "message" and f["text"] == "Sam from our team has joined the conversation."
        )
        state = await widget.until(lambda f: f["type"] == "state" and f["owner"] == "staff")
        assert state["staff_name"] == "Sam"

        view = await desk.send_staff_message(contact_id, sam, "Hello, I'm Sam. How can I help?")
        frame = await widget.until(lambda f: f["type"] == "message" and f["author"] == "staff")
        assert frame["staff_name"] == "Sam" and frame["id"] == view["id"]

        await widget.say("my complaint is about an officer", "c-2")
        await widget.until(lambda f: f.get("client_id") == "c-2")
        await gateway.settle()

        await desk.hand_back(contact_id, sam)
        await widget.until(lambda f: f["type"] == "message" and f["text"] == "You're back with the assistant.")
        await widget.until(lambda f: f["type"] == "state" and f["owner"] == "bot")

        seen = []
        while not events.queue.empty():
            seen.append(await events.get())
    kinds = [(e["type"], e.get("change") or e.get("message", {}).get("author")) for e in seen]
    assert ("state", "claimed") in kinds and ("state", "handed_back") in kinds
    assert ("message", "staff") in kinds and ("message", "user") in kinds
    # While staff owned it, the person's message went to staff only: no assistant or apology reply.
    authors = [m.author for m in gateway.messages(contact_id)]
    after_claim = authors[authors.index("staff") :]
    assert "bot" not in after_claim[: after_claim.index("system")]
    assert gateway.handoffs()[0].status == "handed_back"


async def test_exactly_one_of_many_concurrent_claims_wins(gateway: Gateway) -> None:
    staff = [gateway.add_staff(f"agent{n}", f"Agent{n}") for n in range(6)]
    session = await new_session(gateway.client)
    widget = await Widget.open(gateway.client, session["token"])
    await widget.ws.send_json(
        {"type": "button", "title": "Talk to a person", "payload": "/request_human", "client_id": "c-1"}
    )
    await widget.until(lambda f: f["type"] == "state" and f["owner"] == "queued")
    await gateway.settle()
    contact_id = gateway.contacts()[0].id
    desk = gateway.app[keys.STAFF_DESK]
    results = await asyncio.gather(*(desk.claim(contact_id, s) for s in staff))
    assert sorted(results) == [False] * 5 + [True]
    [handoff] = gateway.handoffs()
    assert handoff.claimed_by == staff[results.index(True)]
