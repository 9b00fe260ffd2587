"""Ownership changes are conditional UPDATEs: under real concurrency exactly one claim wins, on
SQLite and on PostgreSQL, and staff can only act on conversations they hold."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.routing import ownership
from bot.routing.ownership import OwnershipError
from bot.store.models import Contact, Handoff, StaffMember
from bot.store.repositories.contacts import ensure_contact
from bot.store.repositories.handoffs import request_handoff
from bot.store.session import run_in_session


def _staff(session: Session, n: int) -> list[int]:
    members = [
        StaffMember(
            username=f"a{i}", display_name=f"A {i}", first_name=f"A{i}", password_hash="x", presence="available"
        )
        for i in range(n)
    ]
    session.add_all(members)
    session.flush()
    return [m.id for m in members]


def _queued(session: Session, contact_id: str = "c-1") -> None:
    ensure_contact(session, contact_id, "web")
    request_handoff(session, contact_id, "human_requested", 2, "en", None)


async def test_exactly_one_concurrent_claim_wins(db_sessionmaker: sessionmaker[Session]) -> None:
    with db_sessionmaker.begin() as session:
        staff = _staff(session, 8)
        _queued(session)
    results = await asyncio.gather(*(run_in_session(db_sessionmaker, ownership.claim, "c-1", s) for s in staff))
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    with db_sessionmaker.begin() as session:
        handoff = session.query(Handoff).one()
        assert handoff.status == "assigned" and handoff.claimed_by == winners[0].staff_id
        assert session.get(Contact, "c-1").owner == "staff"


async def test_only_the_holder_may_transfer_hand_back_or_close(db_sessionmaker: sessionmaker[Session]) -> None:
    with db_sessionmaker.begin() as session:
        sam, kim, lee = _staff(session, 3)
        _queued(session)
        assert ownership.claim(session, "c-1", sam) is not None
        assert ownership.claim(session, "c-1", kim) is None
    with db_sessionmaker.begin() as session, pytest.raises(OwnershipError):
        ownership.transfer(session, "c-1", kim, lee)
    with db_sessionmaker.begin() as session, pytest.raises(OwnershipError):
        ownership.hand_back(session, "c-1", kim)
    with db_sessionmaker.begin() as session:
        ownership.transfer(session, "c-1", sam, kim)
    with db_sessionmaker.begin() as session, pytest.raises(OwnershipError):
        ownership.close(session, "c-1", sam, "advice_given")
    with db_sessionmaker.begin() as session:
        ownership.close(session, "c-1", kim, "advice_given")
        contact = session.get(Contact, "c-1")
        assert contact.owner == "closed" and contact.ended_at is not None
    with db_sessionmaker.begin() as session:
        assert ownership.reopen(session, "c-1") is True
        assert session.get(Contact, "c-1").owner == "bot"
        assert ownership.reopen(session, "c-1") is False


def test_queue_positions_follow_priority_then_age(db_sessionmaker: sessionmaker[Session]) -> None:
    with db_sessionmaker.begin() as session:
        for name in ("early", "later", "urgent"):
            ensure_contact(session, name, "sms")
        request_handoff(session, "early", "human_requested", 2, "en", None)
        request_handoff(session, "later", "human_requested", 2, "en", None)
        request_handoff(session, "urgent", "emergency", 0, "en", None)
    with db_sessionmaker.begin() as session:
        positions = {h.contact_id: ownership.queue_position(session, h) for h in session.query(Handoff).all()}
    assert positions == {"urgent": 1, "early": 2, "later": 3}
