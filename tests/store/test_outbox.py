"""Writes made while the database is down are spooled, then replayed once it is back, safely."""

from __future__ import annotations

import asyncio
import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.store import outbox
from bot.store.errors import ContactNotFound
from bot.store.models import Contact, Handoff, RouteChange
from bot.store.session import create_engine_from_url, make_sessionmaker, run_in_session

# Nothing listens on port 1: connecting fails at once with a real OperationalError.
UNREACHABLE = "postgresql://postgres@127.0.0.1:1/nothing"


@pytest.fixture
def down():
    engine = create_engine_from_url(UNREACHABLE)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def spool(tmp_path: Path) -> Path:
    return tmp_path / "spool" / "contact-log.jsonl"


def _spool_a_conversation(down, spool: Path) -> None:
    assert outbox.write(down, "ensure_contact", spool, contact_id="c-1", channel="sms", language="cy") is False
    assert (
        outbox.write(down, "record_route", spool, contact_id="c-1", outcome="serious_incident", source_event_id="e1")
        is False
    )
    assert (
        outbox.write(
            down,
            "request_handoff",
            spool,
            contact_id="c-1",
            reason="serious_incident",
            priority=1,
            language="cy",
            request_key="h1",
        )
        is False
    )


def _counts(factory) -> tuple[int, int, int]:
    with factory() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Contact, RouteChange, Handoff))


def test_writes_are_spooled_while_the_database_is_down_and_replayed_in_order(down, spool, db_sessionmaker) -> None:
    _spool_a_conversation(down, spool)
    assert outbox.pending(spool) == 3
    assert stat.S_IMODE(spool.stat().st_mode) == 0o600
    assert outbox.drain(down, spool) == 0 and outbox.pending(spool) == 3  # still down: nothing lost

    assert outbox.drain(db_sessionmaker, spool) == 3
    assert outbox.pending(spool) == 0
    with db_sessionmaker() as session:
        contact = session.get(Contact, "c-1")
        assert (contact.language, contact.triage_outcome, contact.owner) == ("cy", "serious_incident", "queued")
        assert contact.handoffs[0].priority == 1


def test_replaying_the_same_spool_twice_does_not_duplicate(down, spool, db_sessionmaker) -> None:
    _spool_a_conversation(down, spool)
    saved = spool.read_text()
    outbox.drain(db_sessionmaker, spool)
    # As if the process died after committing but before rewriting the spool.
    spool.write_text(saved)
    assert outbox.drain(db_sessionmaker, spool) == 3
    assert _counts(db_sessionmaker) == (1, 1, 1)


def test_a_new_write_first_replays_what_was_spooled(down, spool, db_sessionmaker) -> None:
    outbox.write(down, "ensure_contact", spool, contact_id="c-1", channel="web")
    # The route needs the contact: it only works because the spooled write goes first.
    assert outbox.write(
        db_sessionmaker, "record_route", spool, contact_id="c-1", outcome="review", source_event_id="e1"
    )
    assert outbox.pending(spool) == 0
    assert _counts(db_sessionmaker) == (1, 1, 0)


def test_a_spooled_write_that_can_never_succeed_is_set_aside(down, spool, db_sessionmaker) -> None:
    outbox.write(down, "record_route", spool, contact_id="erased-meanwhile", outcome="review", source_event_id="e1")
    outbox.write(down, "ensure_contact", spool, contact_id="c-2", channel="web")
    assert outbox.drain(db_sessionmaker, spool) == 1
    assert outbox.pending(spool) == 0
    rejected = spool.with_suffix(".rejected").read_text().splitlines()
    assert [json.loads(line)["op"] for line in rejected] == ["record_route"]
    assert _counts(db_sessionmaker) == (1, 0, 0)


def test_errors_other_than_an_unavailable_database_are_raised_not_spooled(spool, db_sessionmaker) -> None:
    with pytest.raises(ContactNotFound):
        outbox.write(db_sessionmaker, "record_route", spool, contact_id="nobody", outcome="review", source_event_id="e")
    with pytest.raises(ValueError, match="unknown contact-log operation"):
        outbox.write(db_sessionmaker, "drop_everything", spool)
    assert outbox.pending(spool) == 0


async def test_the_periodic_task_drains_the_spool(down, spool, db_sessionmaker) -> None:
    outbox.write(down, "ensure_contact", spool, contact_id="c-1", channel="telegram")
    task = asyncio.create_task(outbox.drain_periodically(db_sessionmaker, spool, interval_seconds=0.05))
    try:
        for _ in range(100):
            if outbox.pending(spool) == 0:
                break
            await asyncio.sleep(0.05)
    finally:
        task.cancel()
    assert outbox.pending(spool) == 0

    def channel_of(session, contact_id):
        return session.get(Contact, contact_id).channel

    assert await run_in_session(db_sessionmaker, channel_of, "c-1") == "telegram"
