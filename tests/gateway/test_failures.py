"""When Rasa or the action server is slow or down, the person still hears from us in time, and
the contact is still logged; when Twilio fails, the failure is audited without personal data."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select

from bot.app import create_app
from bot.store.models import AuditEvent

from .conftest import Gateway


async def test_a_hung_rasa_gets_an_apology_within_the_timeout(aiohttp_client, make_settings, recording) -> None:
    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(60)

    hung = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = hung.sockets[0].getsockname()[1]
    try:
        settings = make_settings(rasa_url=f"http://127.0.0.1:{port}", rasa_timeout_seconds=1.0)
        gateway = Gateway(await aiohttp_client(create_app(settings)), settings, recording)
        started = time.monotonic()
        await gateway.sms("hello", sid="SM" + "a" * 32)
        [call] = await recording.wait_for(recording.twilio_messages, timeout=5)
        assert time.monotonic() - started < 2.5
        assert call.params["Body"].startswith("Sorry, something went wrong on our side.")
        assert "Reply 1 for Talk to a person." in call.params["Body"]
        [contact] = gateway.contacts()  # the contact is logged all the same
        assert [m.direction for m in gateway.messages(contact.id)] == ["in", "out"]
    finally:
        hung.close()
        await hung.wait_closed()


async def test_talk_to_a_person_by_number_reaches_staff_who_reply_by_sms(gateway: Gateway) -> None:
    sender = "+447700900456"
    await gateway.sms("hello", sid="SM" + "b" * 31 + "1", sender=sender)
    await gateway.settle()
    await gateway.sms("1", sid="SM" + "b" * 31 + "2", sender=sender)  # "Reply 1 for Talk to a person."
    await gateway.settle()
    [handoff] = gateway.handoffs()
    assert handoff.status == "queued"
    bodies = [c.params["Body"] for c in gateway.recording.twilio_messages()]
    assert "nobody from our team" in bodies[-1].lower() and "Reply 1 for Request a call back." in bodies[-1]

    from bot import keys

    desk = gateway.app[keys.STAFF_DESK]
    sam = gateway.add_staff("sam", "Sam")
    assert await desk.claim(handoff.contact_id, sam)
    await desk.send_staff_message(handoff.contact_id, sam, "Hi, this is Sam from the IOPC. How can I help?")
    await desk.close(handoff.contact_id, sam, "advice_given")
    calls = gateway.recording.twilio_messages()[len(bodies) :]
    assert [c.params["Body"] for c in calls] == [
        "Sam from our team has joined the conversation.",
        "Hi, this is Sam from the IOPC. How can I help?",
        "This conversation has now been closed. If you need anything else, just send a new message.",
    ]
    assert all(c.params["To"] == sender for c in calls)
    [handoff] = gateway.handoffs()
    assert handoff.status == "closed_by_staff" and handoff.closing_outcome == "advice_given"
    assert handoff.first_staff_reply_at is not None


async def test_a_failed_sms_send_is_audited_without_personal_data(gateway: Gateway) -> None:
    gateway.recording.fail_twilio = True
    await gateway.sms("hello", sid="SM" + "c" * 32)
    await gateway.settle()
    events = gateway.query(lambda s: list(s.scalars(select(AuditEvent).where(AuditEvent.action == "delivery_failed"))))
    [event] = events
    assert set(event.detail) == {"message_ids"}
    # The reply is still in the transcript: staff can see what the person should have received.
    assert [m.direction for m in gateway.messages()] == ["in", "out"]


async def test_danger_still_gets_the_999_reply_and_an_urgent_handoff_when_rasa_is_down(gateway: Gateway) -> None:
    await gateway.sms("he's outside the door with a knife", sid="SM" + "d" * 32)
    await gateway.settle()
    bodies = [c.params["Body"] for c in gateway.recording.twilio_messages()]
    assert bodies[0].startswith("If you are in danger, call 999 now.")
    [handoff] = gateway.handoffs()
    assert handoff.status == "queued" and handoff.priority == 0


async def test_logs_never_carry_message_text_or_phone_numbers(gateway: Gateway, caplog) -> None:
    caplog.set_level("DEBUG")
    gateway.recording.fail_twilio = True
    secret_text = "my name is Jo Bloggs and I live at 1 Acacia Avenue"
    await gateway.sms(secret_text, sid="SM" + "e" * 32, sender="+447700900999")
    await gateway.settle()
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "Acacia" not in logged
    assert "7700900999" not in logged
    assert "Sorry, something went wrong" not in logged
