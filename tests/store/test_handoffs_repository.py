"""Handoff requests are idempotent and only ever become more urgent."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.store.models import Contact, Handoff
from bot.store.repositories import contacts
from bot.store.repositories.handoffs import open_handoff, priority_for_outcome, request_handoff


@pytest.mark.parametrize(
    ("outcome", "priority"),
    [("emergency", 0), ("crisis_support", 0), ("serious_incident", 1), ("complain_to_force", 2), (None, 2)],
)
def test_priority_follows_the_route(outcome: str | None, priority: int) -> None:
    assert priority_for_outcome(outcome) == priority


def _contact(db_sessionmaker, contact_id: str = "c-1") -> None:
    with db_sessionmaker.begin() as session:
        contacts.ensure_contact(session, contact_id, "web")


def test_a_retried_request_returns_the_same_handoff(db_sessionmaker) -> None:
    _contact(db_sessionmaker)
    with db_sessionmaker.begin() as session:
        first = request_handoff(session, "c-1", "human_requested", 2, "en", "evt-9").id
    with db_sessionmaker.begin() as session:
        again = request_handoff(session, "c-1", "human_requested", 2, "en", "evt-9")
        assert again.id == first
        assert session.scalar(select(func.count()).select_from(Handoff)) == 1
        assert session.get(Contact, "c-1").owner == "queued"


def test_a_new_request_while_one_is_open_raises_its_priority_but_never_lowers_it(db_sessionmaker) -> None:
    _contact(db_sessionmaker)
    with db_sessionmaker.begin() as session:
        handoff_id = request_handoff(session, "c-1", "human_requested", 2, "en", "evt-1").id
    with db_sessionmaker.begin() as session:
        assert request_handoff(session, "c-1", "emergency", 0, "en", "evt-2").id == handoff_id
    with db_sessionmaker.begin() as session:
        assert request_handoff(session, "c-1", "human_requested", 2, "en", "evt-3").id == handoff_id
    with db_sessionmaker() as session:
        handoff = session.get(Handoff, handoff_id)
        assert (handoff.priority, handoff.status, handoff.reason) == (0, "queued", "human_requested")
        assert session.scalar(select(func.count()).select_from(Handoff)) == 1


def test_after_a_handoff_ends_a_new_request_opens_a_new_one(db_sessionmaker) -> None:
    _contact(db_sessionmaker)
    with db_sessionmaker.begin() as session:
        first = request_handoff(session, "c-1", "human_requested", 2, "en", "evt-1")
        first.status = "handed_back"
        session.get(Contact, "c-1").owner = "bot"
    with db_sessionmaker.begin() as session:
        assert open_handoff(session, "c-1") is None
        second = request_handoff(session, "c-1", "serious_incident", 1, "cy", "evt-2")
        assert second.id != first.id and (second.priority, second.language) == (1, "cy")
        assert session.get(Contact, "c-1").owner == "queued"
    with db_sessionmaker.begin() as session:
        # Replaying the first, already finished, request must not reopen or duplicate anything.
        assert request_handoff(session, "c-1", "human_requested", 2, "en", "evt-1").id == first.id
        assert session.scalar(select(func.count()).select_from(Handoff)) == 2


def test_bad_priority_or_language_is_refused(db_sessionmaker) -> None:
    _contact(db_sessionmaker)
    with db_sessionmaker() as session:
        with pytest.raises(ValueError, match="priority"):
            request_handoff(session, "c-1", "x", 5, "en", None)
        with pytest.raises(ValueError, match="language"):
            request_handoff(session, "c-1", "x", 2, "fr", None)
