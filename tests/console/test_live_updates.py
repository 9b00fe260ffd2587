"""The queue and the transcript update live (server-sent events fed by the hub), resume where they
stopped after a reconnect, and stop when the session ends."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.console import streams
from bot.console.appkeys import CONSOLE, STREAMS
from bot.store.base import utcnow
from bot.store.models import StaffMember, StaffSession

from .conftest import SCRIPT_MESSAGE, Console, StaffClient


class EventStream:
    """Reads server-sent events from a response, one at a time."""

    def __init__(self, response: Any) -> None:
        self.response = response

    async def next(self, timeout: float = 5.0) -> dict[str, Any]:
        event: dict[str, Any] = {}
        while True:
            line = (await asyncio.wait_for(self.response.content.readline(), timeout)).decode()
            if line == "":
                raise EOFError("the stream ended")
            line = line.rstrip("\n")
            if not line:
                if "event" in event:
                    return event
                event = {}
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(": ")
            event[name] = json.loads(value) if name == "data" else value

    async def until(self, kind: str, timeout: float = 5.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            event = await self.next(max(0.01, deadline - time.monotonic()))
            if event["event"] == kind:
                return event


async def open_stream(staff: StaffClient, path: str, **headers: str) -> EventStream:
    response = await staff.client.get(path, headers=headers)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/event-stream")
    return EventStream(response)


async def test_a_new_escalation_reaches_the_queue_within_a_second(console: Console) -> None:
    console.add_staff("sam")
    sam = await (await console.staff()).signed_in("sam")
    events = await open_stream(sam, "/staff/queue/events")
    await events.until("queue")  # sent on connect, to catch anything missed since the page loaded

    person = await console.person()
    await person.say("hello")
    apology = await person.until(lambda f: f["type"] == "message" and bool(f.get("buttons")))
    await person.press(apology["buttons"][0]["title"], apology["buttons"][0]["payload"])
    await person.until(lambda f: f["type"] == "state" and f["owner"] == "queued")
    await events.until("queue", timeout=1.0)
    fragment = await (await sam.get("/staff/queue/fragment")).text()
    assert (
        "Waiting for a person" in fragment and 'data-kind="waiting"' in fragment and "/staff/conversations/" in fragment
    )


async def test_the_transcript_streams_new_messages_escaped_and_resumes_after_a_reconnect(console: Console) -> None:
    console.add_staff("sam", "Sam Jones")
    console.add_staff("kim", "Kim Lee")
    person, contact_id = await console.escalated_person()
    sam = await (await console.staff()).signed_in("sam")
    kim = await (await console.staff()).signed_in("kim")
    page = await sam.page(f"/staff/conversations/{contact_id}")
    last_id = int(page.split('data-last-id="')[1].split('"')[0])
    events = await open_stream(sam, f"/staff/conversations/{contact_id}/events?after={last_id}")

    await person.say(SCRIPT_MESSAGE)
    event = await events.until("message")
    assert int(event["id"]) == event["data"]["id"] > last_id
    html = event["data"]["html"]
    assert "&lt;script&gt;" in html and "<script>" not in html and ">Person</span>" in html

    # Someone else claims it: the status line changes for Sam.
    await kim.page(f"/staff/conversations/{contact_id}")
    await kim.post(f"/staff/conversations/{contact_id}/claim")
    state = await events.until("state")
    assert state["data"]["status"] == "With Kim Lee." and state["data"]["mine"] is False

    # A reconnect with Last-Event-ID gets exactly what came after it.
    again = await open_stream(
        sam, f"/staff/conversations/{contact_id}/events?after=0", **{"Last-Event-ID": event["id"]}
    )
    replayed = await again.until("message")
    assert "Kim from our team has joined" in replayed["data"]["html"]
    assert int(replayed["id"]) > int(event["id"])


async def test_a_stream_ends_with_signed_out_when_the_session_does(console: Console, monkeypatch) -> None:
    monkeypatch.setattr(streams, "HEARTBEAT_SECONDS", 0.2)
    console.add_staff("sam")
    sam = await (await console.staff()).signed_in("sam")
    events = await open_stream(sam, "/staff/queue/events")
    await events.until("queue")
    console.query(lambda s: s.execute(update(StaffSession).values(revoked_at=utcnow())))
    await events.until("signed_out", timeout=3.0)
    assert (await sam.get("/staff/queue/events")).status == 401


async def test_shutdown_ends_open_streams(console: Console) -> None:
    console.add_staff("sam")
    sam = await (await console.staff()).signed_in("sam")
    events = await open_stream(sam, "/staff/queue/events")
    await events.until("queue")
    registry = console.app[CONSOLE][STREAMS]
    assert len(registry) == 1
    await registry.close_all()
    await asyncio.sleep(0.05)
    assert len(registry) == 0


async def test_opening_a_conversations_event_stream_is_audited_like_viewing_it(console: Console) -> None:
    sam_id = console.add_staff("sam")
    person, contact_id = await console.escalated_person()
    sam = await (await console.staff()).signed_in("sam")
    stream = await open_stream(sam, f"/staff/conversations/{contact_id}/events")
    await stream.until("message")
    [opened] = console.audit("conversation_stream_opened")
    assert (opened.actor, opened.contact_id) == (f"staff:{sam_id}", contact_id)
    # A stream for a conversation that was never handed off is refused and not recorded as opened.
    assert (await sam.get("/staff/conversations/not-a-contact/events")).status == 404
    assert len(console.audit("conversation_stream_opened")) == 1


async def test_disabling_an_account_ends_its_open_streams_at_once(console: Console) -> None:
    console.add_staff("sam")
    console.add_staff("ada", "Ada Admin", role="admin")
    person, contact_id = await console.escalated_person()
    sam = await (await console.staff()).signed_in("sam")
    queue = await open_stream(sam, "/staff/queue/events")
    await queue.until("queue")
    conversation = await open_stream(sam, f"/staff/conversations/{contact_id}/events")
    await conversation.until("message")
    registry = console.app[CONSOLE][STREAMS]
    assert len(registry) == 2

    ada = await (await console.staff()).signed_in("ada")
    sam_id = console.query(lambda s: s.scalars(select(StaffMember.id).where(StaffMember.username == "sam")).one())
    assert (await ada.post(f"/staff/accounts/{sam_id}/disable")).status == 303
    # Well before the next heartbeat (15 s): both streams say the session is over, then end.
    await queue.until("signed_out", timeout=3)
    await conversation.until("signed_out", timeout=3)
    with pytest.raises(EOFError):
        await conversation.next(timeout=3)
    assert len(registry) == 0


async def test_a_message_from_the_public_is_escaped_alike_on_the_page_and_in_its_live_update(console: Console) -> None:
    console.add_staff("sam")
    person, contact_id = await console.escalated_person()
    sam = await (await console.staff()).signed_in("sam")
    before = await sam.page(f"/staff/conversations/{contact_id}")
    last_id = int(before.split('data-last-id="')[1].split('"')[0])
    events = await open_stream(sam, f"/staff/conversations/{contact_id}/events?after={last_id}")

    text = "It's \"urgent\" <script>alert('x')</script>"
    await person.say(text)
    live_html = (await events.until("message"))["data"]["html"]
    page = await sam.page(f"/staff/conversations/{contact_id}")

    escaped = "It&#39;s &#34;urgent&#34; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
    for html in (live_html, page):
        assert f'<p class="msg__text">{escaped}</p>' in html
        assert "<script>" not in html and "alert('x')" not in html
    # The live update is the page's own list item, character for character (one template draws both).
    assert live_html.strip() in page
