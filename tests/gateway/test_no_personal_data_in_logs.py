"""Logs never carry personal data, on any path: a marker message and phone number are pushed
through every error path the gateway can be made to take, and every log record (with its
traceback) is searched for them.

Paths: the person's contact erased while their widget is open (the bug this test was written for:
the next message used to land, in full, in the gateway's log), the database unreachable (web,
SMS, Telegram, a session resume), malformed and oversized websocket frames, too-long messages,
over-size bodies, forged and malformed webhooks, Twilio refusing a send, and Rasa down.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from sqlalchemy import delete
from sqlalchemy.engine import make_url

from bot import keys
from bot.cli.gateway import quiet_third_party_loggers
from bot.store.models import Contact

from .conftest import ORIGIN, TELEGRAM_SECRET, Gateway
from .test_telegram_webhook import text_update
from .test_web_channel import Widget, is_type, new_session

MARKER = "Quokka-Marker-5521"
TEXT = f"{MARKER} he pushed me against the wall, call me on +447700900731"
PHONE = "+447700900731"
NEEDLES = (MARKER, "7700900731", "7700 900731")


class Everything(logging.Handler):
    """Every record from every logger, formatted as a log file would hold it (tracebacks included)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def every_log() -> Iterator[Everything]:
    handler = Everything()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    quiet_third_party_loggers()  # as `serve-gateway` does
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


class DatabaseOutage:
    """Makes the gateway's SQLite database unreachable for real (new connections fail), then restores it."""

    def __init__(self, gateway: Gateway) -> None:
        self.engine = gateway.app[keys.ENGINE]
        self.path = Path(make_url(gateway.settings.database_url).database or "")

    def __enter__(self) -> None:
        self.engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.rename(f"{source}.away")
        self.path.mkdir()  # a directory where the file was: "unable to open database file"

    def __exit__(self, *exc: object) -> None:
        self.engine.dispose()
        shutil.rmtree(self.path)
        for suffix in ("", "-wal", "-shm"):
            moved = Path(f"{self.path}{suffix}.away")
            if moved.exists():
                moved.rename(f"{self.path}{suffix}")


async def sms(gateway: Gateway, sid: str, **changes: Any) -> int:
    params = {"MessageSid": sid, "From": PHONE, "To": "+447700900000", "Body": TEXT, "NumMedia": "0"}
    params.update(changes)
    params = {k: v for k, v in params.items() if v is not None}
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": gateway.sign(params)}
    response = await gateway.client.post("/channels/sms", data=urlencode(params), headers=headers)
    return response.status


async def telegram(gateway: Gateway, body: Any, secret: str = TELEGRAM_SECRET) -> int:
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
    response = await gateway.client.post("/channels/telegram", data=data, headers=headers)
    return response.status


async def test_no_error_path_logs_the_message_or_the_phone_number(gateway: Gateway, every_log: Everything) -> None:
    # --- the person's conversation is erased while their widget is open -------------------------
    session = await new_session(gateway.client)
    widget = await Widget.open(gateway.client, session["token"])
    await widget.say(TEXT, "c-1")
    await widget.until(lambda f: f["type"] == "message" and f["author"] == "system")
    await gateway.settle()
    contact_id = gateway.app[keys.WEB].contact_id_for(gateway.app[keys.WEB].signer.verify(session["token"]).session_id)
    gateway.query(lambda s: s.execute(delete(Contact).where(Contact.id == contact_id)))
    await widget.say(TEXT, "c-2")
    expired = await widget.until(is_type("error"))
    assert expired["code"] == "expired"
    assert gateway.messages(contact_id) == []

    # --- malformed, oversized and too-long frames ------------------------------------------------
    widget = await Widget.open(gateway.client, (await new_session(gateway.client))["token"])
    await widget.until(is_type("state"))
    for frame in (
        f"{{not json {TEXT}",
        json.dumps({"type": TEXT}),
        json.dumps({"type": "message", "text": {"nested": TEXT}}),
        json.dumps({"type": "message", "text": TEXT, "client_id": TEXT}),
        json.dumps({"type": "button", "payload": TEXT * 100, "title": TEXT}),
        json.dumps({"type": "message", "text": TEXT * 200, "client_id": "long"}),
        json.dumps([TEXT]),
    ):
        await widget.ws.send_str(frame)
    await widget.ws.send_bytes(TEXT.encode())
    await widget.quiet(0.5)
    codes = [f["code"] for f in widget.frames if f["type"] == "error"]
    assert codes.count("bad_request") >= 6 and "too_long" in codes
    await widget.ws.send_str(json.dumps({"type": "message", "text": TEXT * 2000}))  # over 16 KiB: closed
    await widget.closed()

    # --- forged, malformed and over-size webhooks ------------------------------------------------
    assert await sms(gateway, "SM" + "1" * 32, **{"X": "tampered"}) in (200, 403)
    forged = {"MessageSid": "SM" + "2" * 32, "From": PHONE, "Body": TEXT}
    response = await gateway.client.post(
        "/channels/sms",
        data=urlencode(forged),
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "forged"},
    )
    assert response.status == 403
    assert await sms(gateway, "", MessageSid=None) == 400  # no MessageSid, but the text and number
    big = urlencode({"MessageSid": "SM" + "3" * 32, "From": PHONE, "Body": TEXT * 1000})
    response = await gateway.client.post(
        "/channels/sms", data=big, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 413
    assert await telegram(gateway, text_update(9001, TEXT), secret="wrong") == 403
    assert await telegram(gateway, f'{{"update_id": 9002, "message": "{TEXT}"') == 400
    assert await telegram(gateway, {"update_id": 9003, "message": {"text": TEXT, "chat": TEXT}}) == 400
    assert await telegram(gateway, text_update(9004, TEXT * 100)) == 200  # too long: stored cut, asked to split

    # --- Twilio refuses the reply; Rasa is down throughout ---------------------------------------
    gateway.recording.fail_twilio = True
    assert await sms(gateway, "SM" + "4" * 32) == 200
    await gateway.recording.wait_for(gateway.recording.twilio_messages)
    await gateway.settle()
    gateway.recording.fail_twilio = False

    # --- the database is unreachable -------------------------------------------------------------
    token = (await new_session(gateway.client))["token"]
    widget = await Widget.open(gateway.client, token)
    await widget.until(is_type("state"))
    with DatabaseOutage(gateway):
        await widget.say(TEXT, "c-3")
        unavailable = await widget.until(is_type("error"))
        assert unavailable["code"] == "unavailable"
        assert await sms(gateway, "SM" + "5" * 32) == 500
        assert await telegram(gateway, text_update(9005, TEXT)) == 500
        response = await gateway.client.post("/api/web/session", json={"token": token}, headers={"Origin": ORIGIN})
        assert response.status == 500
    await gateway.settle()

    # --- nothing of it in any log ----------------------------------------------------------------
    logged = every_log.text()
    assert "failed (" in logged, "the error paths above were not taken"
    leaked = [line for line in every_log.lines if any(needle in line for needle in NEEDLES)]
    assert leaked == [], "personal data in the logs:\n" + "\n".join(leaked)[:3000]


def test_the_marker_would_be_found(every_log: Everything) -> None:
    """The search itself works: a record carrying the marker (in a traceback too) is caught."""
    try:
        raise ValueError(TEXT)
    except ValueError:
        logging.getLogger("bot.example").exception("oops")
    assert any(MARKER in line and "7700900731" in line for line in every_log.lines)
    assert os.environ.get("PYTEST_CURRENT_TEST")  # a guard that this ran under pytest, not imported


@pytest.mark.model
async def test_through_rasa_and_the_action_server_no_log_carries_the_message(
    aiohttp_client, rasa_stack, recording, every_log: Everything
) -> None:
    """The same marker through the real Rasa and action server (their log files, and the gateway's and
    the action server's metrics, are read too)."""
    from bot.app import create_app

    from .test_with_rasa import live_settings, sms_id

    settings = live_settings(rasa_stack, recording)
    live = Gateway(await aiohttp_client(create_app(settings)), settings, recording)
    action_log = rasa_stack.log_dir / "actions.log"
    before = {path: path.stat().st_size for path in rasa_stack.log_dir.glob("*.log")}

    first = sms_id()
    await live.sms(TEXT, sid=first, sender=PHONE)
    await live.sms("I want to make a complaint about an officer " + MARKER, sid=sms_id(), sender=PHONE)
    session = await new_session(live.client)
    widget = await Widget.open(live.client, session["token"])
    await widget.say(TEXT, "c-1")
    await widget.until(lambda f: f["type"] == "message" and f["author"] in ("bot", "system"), timeout=60)
    await live.settle()
    # The SMS contact is erased; the person texts again (a new contact), and the action server
    # writes for a conversation whose row has gone.
    gateway_contacts = live.query(lambda s: [c.id for c in s.query(Contact).filter(Contact.channel == "sms")])
    live.query(lambda s: s.execute(delete(Contact).where(Contact.id.in_(gateway_contacts))))
    await live.sms(TEXT, sid=sms_id(), sender=PHONE)
    await live.settle()
    assert recording.twilio_messages(), "the assistant answered"

    files = ""
    for path in rasa_stack.log_dir.glob("*.log"):
        with open(path, encoding="utf-8", errors="replace") as log_file:
            log_file.seek(before.get(path, 0))
            files += f"\n--- {path.name}\n" + log_file.read()
    assert action_log.exists()
    leaked = [line for line in (every_log.lines + files.splitlines()) if any(n in line for n in NEEDLES)]
    assert leaked == [], "personal data in the logs:\n" + "\n".join(leaked)[:3000]

    bearer = {"Authorization": f"Bearer {settings.metrics_token}"}
    response = await live.client.get("/metrics", headers=bearer)
    scraped = [await response.text()]
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{rasa_stack.action_server_url}/metrics", headers=bearer) as action_response:
            scraped.append(await action_response.text())
    assert "triage_messages_total" in scraped[0] and "triage_action_calls_total" in scraped[1]
    leaked = [line for text in scraped for line in text.splitlines() if any(n in line for n in NEEDLES)]
    assert leaked == [], "personal data in the metrics:\n" + "\n".join(leaked)[:3000]


async def test_the_actions_contact_log_and_its_outbox_log_only_a_summary(
    sqlite_url: str, settings_in_environment, tmp_path, every_log: Everything
) -> None:
    """Action-side writes that fail (a value the store refuses, quoting it; a spooled write that can
    never succeed) are logged without what they carried."""
    from rasa_sdk import Tracker

    from actions import contact_log
    from bot.store import outbox
    from bot.store.session import create_engine_from_url, make_sessionmaker

    spool = tmp_path / "spool.jsonl"
    settings_in_environment(database_url=sqlite_url, spool_path=str(spool))
    contact_log.store.cache_clear()
    latest = {"intent": {"name": "inform"}, "text": TEXT, "message_id": "m1", "entities": [], "metadata": {}}
    tracker = Tracker("0b6d4f0e-0000-4000-8000-00000000c0de", {}, latest, [], False, None, {}, "action_listen")
    try:
        # record_route refuses an unknown route with a ValueError that quotes the value.
        await contact_log.record(tracker, ("record_route", {"outcome": TEXT, "source_event_id": "m1:route"}))
    finally:
        contact_log.store.cache_clear()
    # A spooled write that can never succeed (its contact does not exist) is rejected on replay.
    spool.write_text(json.dumps({"op": "update_details", "kwargs": {"contact_id": "nobody", "summary": TEXT}}) + "\n")
    engine = create_engine_from_url(sqlite_url)
    try:
        outbox.drain(make_sessionmaker(engine), spool)
    finally:
        engine.dispose()

    assert "contact log write failed" in every_log.text() and "rejected a spooled update_details" in every_log.text()
    leaked = [line for line in every_log.lines if any(needle in line for needle in NEEDLES)]
    assert leaked == [], "personal data in the logs:\n" + "\n".join(leaked)[:3000]
