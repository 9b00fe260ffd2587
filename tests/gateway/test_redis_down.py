"""A gateway set up for replicas (REDIS_URL) whose Redis is down still answers people: the danger
reply, the apology with the phone number, staff replies; limits fall back to the replica's own, and
the log says Redis is unavailable without a word of what anyone wrote."""

from __future__ import annotations

import time

from bot import keys
from bot.app import create_app
from bot.supervisor import free_port

from .conftest import Gateway
from .test_web_channel import Widget, new_session


async def test_without_redis_people_are_still_answered_and_limits_still_hold(
    aiohttp_client, make_settings, recording, caplog
) -> None:
    caplog.set_level("DEBUG")
    settings = make_settings(redis_url=f"redis://127.0.0.1:{free_port()}/0", web_messages_per_minute=2)
    gateway = Gateway(await aiohttp_client(create_app(settings)), settings, recording)
    started = time.monotonic()

    await gateway.sms("he's outside the door with a knife", sid="SM" + "d" * 32, sender="+447700900777")
    await gateway.sms("hello", sid="SM" + "e" * 32, sender="+447700900888")
    await gateway.settle()
    bodies: dict[str, str] = {}
    for call in recording.twilio_messages():
        bodies.setdefault(call.params["To"], call.params["Body"])  # each number's first SMS
    assert bodies["+447700900777"].startswith("If you are in danger, call 999 now.")
    assert bodies["+447700900888"].startswith("Sorry, something went wrong on our side. You can call 0300 020 0096")

    client = gateway.client
    widget = await Widget.open(client, (await new_session(client))["token"])
    await widget.until(lambda f: f["type"] == "state")
    await widget.ws.send_json({"type": "message", "text": "hello"})
    apology = await widget.until(lambda f: f["type"] == "message" and f["author"] == "system")
    assert "0300 020 0096" in apology["text"]
    await widget.ws.send_json(
        {"type": "button", "title": "Talk to a person", "payload": apology["buttons"][0]["payload"]}
    )
    await widget.until(lambda f: f["type"] == "state" and f["owner"] == "queued")
    [handoff] = [h for h in gateway.handoffs() if h.priority != 0]
    desk = gateway.app[keys.STAFF_DESK]
    sam = gateway.add_staff("sam", "Sam")
    assert await desk.claim(handoff.contact_id, sam)
    await desk.send_staff_message(handoff.contact_id, sam, "Hi, this is Sam.")
    said = await widget.until(lambda f: f["type"] == "message" and f["author"] == "staff")  # the hub, in process
    assert said["text"] == "Hi, this is Sam."

    chatty = await Widget.open(client, (await new_session(client))["token"])
    for text in ("hello", "anyone there?", "hello?"):
        await chatty.ws.send_json({"type": "message", "text": text})
    await chatty.until(lambda f: f["type"] == "error" and f["code"] == "rate_limited")  # the replica's own limit
    assert time.monotonic() - started < 30

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Redis unavailable for" in logged
    for private in ("knife", "7700900777", "anyone there", "Hi, this is Sam"):
        assert private not in logged
