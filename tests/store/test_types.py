"""Timestamps are stored in UTC and come back timezone-aware on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from bot.store.models import Contact


def test_timestamps_round_trip_as_aware_utc(db_sessionmaker) -> None:
    summer = dt.timezone(dt.timedelta(hours=1))  # BST
    with db_sessionmaker.begin() as session:
        session.add(Contact(id="c-1", channel="web", started_at=dt.datetime(2024, 6, 1, 9, 30, tzinfo=summer)))
    with db_sessionmaker() as session:
        started = session.scalars(select(Contact.started_at)).one()
    assert started.tzinfo is not None and started.utcoffset() == dt.timedelta(0)
    assert started == dt.datetime(2024, 6, 1, 8, 30, tzinfo=dt.timezone.utc)


def test_filters_compare_instants_not_wall_clock_text(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        session.add(Contact(id="c-1", channel="web", started_at=dt.datetime(2024, 6, 1, 8, 30, tzinfo=dt.timezone.utc)))
    plus_two = dt.timezone(dt.timedelta(hours=2))
    with db_sessionmaker() as session:
        # 10:29+02:00 is 08:29Z, before the contact; 10:31+02:00 is after it.
        assert session.scalar(
            select(Contact.id).where(Contact.started_at > dt.datetime(2024, 6, 1, 10, 29, tzinfo=plus_two))
        )
        assert not session.scalar(
            select(Contact.id).where(Contact.started_at > dt.datetime(2024, 6, 1, 10, 31, tzinfo=plus_two))
        )


def test_naive_datetimes_are_refused(db_sessionmaker) -> None:
    with pytest.raises(StatementError, match="timezone-aware"):
        with db_sessionmaker.begin() as session:
            session.add(Contact(id="c-1", channel="web", started_at=dt.datetime(2024, 6, 1, 8, 30)))
