"""Overload without collapse: when Rasa is saturated people are told "busy, one moment" before
anything else, and a turn the gateway gives up on while it waits is never sent to Rasa.

A real gateway (in this process, on a real port) in front of the real Rasa and action server, with
RASA_CONCURRENCY=1 so that a few people at once saturate it."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from chat_client import ChatClient
from metrics_text import parse, scrape, value

from bot.app import create_app
from bot.routing import canned
from bot.settings import Settings
from bot.supervisor import free_port

from .served import get_json

pytestmark = pytest.mark.model


async def gateway(rasa_stack, tmp_path: Path, **changes: object) -> AsyncIterator[Settings]:
    port = free_port()
    settings = dataclasses.replace(
        rasa_stack.settings,
        rasa_url=rasa_stack.rasa_url,
        rasa_concurrency=1,
        public_base_url=f"http://127.0.0.1:{port}",
        staff_hours="always",
        spool_path=str(tmp_path / "spool.jsonl"),
        **changes,
    )
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield settings
    finally:
        await runner.cleanup()


@pytest.fixture
async def patient(rasa_stack, tmp_path: Path) -> AsyncIterator[Settings]:
    """Waits long enough for any answer: every turn is answered, some after waiting their turn."""
    async for settings in gateway(rasa_stack, tmp_path, rasa_timeout_seconds=60.0):
        yield settings


@pytest.fixture
async def impatient(rasa_stack, tmp_path: Path) -> AsyncIterator[Settings]:
    """Gives up almost at once (Rasa spends far longer than this on any turn): every turn is abandoned."""
    async for settings in gateway(rasa_stack, tmp_path, rasa_timeout_seconds=0.05):
        yield settings


async def metrics(settings: Settings) -> dict:
    async with aiohttp.ClientSession() as http:
        return parse(await scrape(http, f"{settings.public_base_url}/metrics", settings.metrics_token))


async def everyone_says_at_once(settings: Settings, texts: list[str]) -> list[list[dict]]:
    async with aiohttp.ClientSession() as http:
        people = [await ChatClient.open(http, base_url=settings.public_base_url) for _ in texts]
        try:
            return list(await asyncio.gather(*(p.replies_to(t, wait=120) for p, t in zip(people, texts, strict=True))))
        finally:
            for person in people:
                await person.close()


async def test_people_waiting_for_a_saturated_rasa_are_told_busy_then_answered(patient: Settings) -> None:
    texts = ["what are the time limits for making a complaint about the police?"] * 3
    answers = await everyone_says_at_once(patient, texts)
    told_busy = 0
    for replies in answers:
        authors = [r["author"] for r in replies]
        assert "bot" in authors, replies  # everyone gets the assistant's answer
        if replies[0]["text"] == canned.BUSY.text:
            told_busy += 1
            assert replies[0]["author"] == "system" and authors[1:] == ["bot"] * (len(replies) - 1)
        else:
            assert set(authors) == {"bot"}
    assert told_busy >= 1  # one Rasa slot, three people at once: at least one had to wait
    counted = await metrics(patient)
    assert value(counted, "triage_rasa_busy_total", worker="1") == told_busy
    assert value(counted, "triage_rasa_seconds_count", worker="1", outcome="answered") == 3
    assert value(counted, "triage_turn_seconds_count", channel="web") == 3


def conversation_of(settings: Settings, text: str) -> str:
    with sqlite3.connect(settings.database_url.removeprefix("sqlite:///")) as db:
        (contact,) = db.execute(
            "SELECT contact_id FROM messages WHERE text = ? AND author = 'user'", (text,)
        ).fetchone()
    return contact


# Far longer for Rasa than the impatient gateway's 50 ms (about 400 ms to parse on a 2-core CI machine, as every
# sentence is read by the danger check's meaning): a short question took about 30 ms there and was answered in
# time, so the turn was never abandoned.
LONG_QUESTION = " ".join(
    f"On day {day} the officer at the station was rude to me again and would not take my statement."
    for day in range(12)
)


async def test_a_turn_abandoned_while_waiting_is_never_sent_to_rasa(impatient: Settings, rasa_stack) -> None:
    texts = [f"what are the time limits {uuid.uuid4().hex[:6]}? {LONG_QUESTION}" for _ in range(3)]
    answers = await everyone_says_at_once(impatient, texts)
    waited = 0
    for text, replies in zip(texts, answers, strict=True):
        said = [r["text"] for r in replies]
        assert said[-1] == canned.RASA_UNAVAILABLE.text  # nobody is left without an answer
        if said == [canned.BUSY.text, canned.RASA_UNAVAILABLE.text]:  # told busy before the apology
            waited += 1
            contact = conversation_of(impatient, text)
            status, tracker = get_json(
                f"{impatient.rasa_url}/conversations/{contact}/tracker?token={impatient.rasa_api_token}"
            )
            assert status == 200
            assert not [e for e in tracker["events"] if e["event"] == "user"]  # Rasa never saw it
    assert waited >= 1
    counted = await metrics(impatient)
    assert value(counted, "triage_rasa_failures_total", worker="1", reason="timed_out") == 3
    assert value(counted, "triage_rasa_seconds_count", worker="1", outcome="timed_out") == 3
    assert value(counted, "triage_rasa_busy_total", worker="1") == waited
    # Rasa logs each turn cut off inside it ("rest.message.received.timeout"), never with what was written.
    rasa_log = (rasa_stack.log_dir / "rasa.log").read_text(errors="replace")
    assert not [text for text in texts if text in rasa_log]
