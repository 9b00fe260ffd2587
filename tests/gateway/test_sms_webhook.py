"""SMS: only Twilio-signed requests are accepted, each message is handled once, replies go out
through Twilio's REST API (a recording server here), and STOP/START/HELP behave."""

from __future__ import annotations

from .conftest import TWILIO_FROM, TWILIO_SID, TWILIO_TOKEN, Gateway


async def test_a_signed_message_is_answered_at_once_with_empty_twiml(gateway: Gateway) -> None:
    response = await gateway.sms("hello", sid="SM" + "1" * 32)
    assert response.status == 200
    assert response.content_type == "text/xml"
    assert await response.text() == '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
    await gateway.settle()
    [contact] = gateway.contacts()
    assert contact.channel == "sms"
    assert b"+447700900123" not in contact.address_ciphertext  # encrypted, not stored in clear


async def test_a_forged_signature_is_refused_and_nothing_is_stored(gateway: Gateway) -> None:
    response = await gateway.sms("hello", sid="SM" + "2" * 32, signature="bm90IGEgcmVhbCBzaWduYXR1cmU=")
    assert response.status == 403
    unsigned = await gateway.client.post(
        "/channels/sms",
        data={"MessageSid": "SM" + "3" * 32, "From": "+447700900123", "Body": "hi"},
    )
    assert unsigned.status == 403
    assert gateway.contacts() == []
    assert gateway.messages() == []


async def test_a_signature_for_other_parameters_is_refused(gateway: Gateway) -> None:
    params = {"MessageSid": "SM" + "4" * 32, "From": "+447700900123", "Body": "original"}
    signature = gateway.sign(params)
    tampered = {**params, "Body": "tampered"}
    response = await gateway.client.post("/channels/sms", data=tampered, headers={"X-Twilio-Signature": signature})
    assert response.status == 403
    assert gateway.messages() == []


async def test_a_redelivered_message_is_stored_and_answered_once(gateway: Gateway) -> None:
    sid = "SM" + "5" * 32
    first = await gateway.sms("hello", sid=sid)
    second = await gateway.sms("hello", sid=sid)
    assert first.status == second.status == 200
    await gateway.settle()
    inbound = [m for m in gateway.messages() if m.direction == "in"]
    assert len(inbound) == 1
    assert inbound[0].channel_message_id == sid
    # Rasa is down in this test, so the one reply is the apology, sent once through Twilio's API.
    calls = gateway.recording.twilio_messages()
    assert len(calls) == 1
    call = calls[0]
    assert call.path == f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
    assert call.basic_auth == (TWILIO_SID, TWILIO_TOKEN)
    assert call.params["To"] == "+447700900123"
    assert call.params["From"] == TWILIO_FROM
    assert "0300 020 0096" in call.params["Body"]
    assert "Reply 1 for Talk to a person." in call.params["Body"]


async def test_help_answers_with_the_phone_number_without_asking_the_assistant(gateway: Gateway) -> None:
    await gateway.sms("help", sid="SM" + "6" * 32)
    await gateway.settle()
    [call] = gateway.recording.twilio_messages()
    assert "0300 020 0096" in call.params["Body"]
    assert "STOP" in call.params["Body"]


async def test_stop_stops_all_messages_until_start(gateway: Gateway) -> None:
    await gateway.sms("STOP", sid="SM" + "7" * 31 + "1")
    await gateway.settle()
    [contact] = gateway.contacts()
    assert contact.owner == "closed"
    await gateway.sms("hello again", sid="SM" + "7" * 31 + "2")
    await gateway.sms("help", sid="SM" + "7" * 31 + "3")
    await gateway.settle()
    assert gateway.recording.twilio_messages() == []  # nothing at all is sent after STOP
    assert len([m for m in gateway.messages() if m.direction == "in"]) == 3  # but the transcript has them

    await gateway.sms("START", sid="SM" + "7" * 31 + "4")
    await gateway.settle()
    [call] = gateway.recording.twilio_messages()
    assert "HELP" in call.params["Body"]


async def test_wrong_content_type_and_oversized_bodies_are_4xx(gateway: Gateway) -> None:
    response = await gateway.client.post("/channels/sms", json={"Body": "hi"})
    assert response.status == 415
    response = await gateway.client.post(
        "/channels/sms",
        data="Body=" + "x" * 200_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 413
