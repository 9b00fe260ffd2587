"""Erasure and purge delete exactly the right rows, in the contact log, Rasa's tracker and the outbox's
rejected records, counting from the last activity and keeping opt-outs."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine, select, text, update

from bot.store import retention
from bot.store.base import utcnow
from bot.store.errors import ContactNotFound
from bot.store.models import (
    AuditEvent,
    Contact,
    Handoff,
    Message,
    Note,
    OptOut,
    RouteChange,
    RouteCorrection,
    StaffMember,
)
from bot.store.repositories import audit, contacts, opt_outs
from bot.store.repositories.handoffs import request_handoff
from bot.store.session import create_engine_from_url

CHILDREN = (Message, RouteChange, Handoff, Note, RouteCorrection)


def _seed(db_sessionmaker, contact_id: str, age_days: int) -> None:
    """A contact whose every activity (start, message, route, handoff, note, route correction)
    was `age_days` ago."""
    when = utcnow() - dt.timedelta(days=age_days)
    with db_sessionmaker.begin() as session:
        staff = session.scalar(select(StaffMember).where(StaffMember.username == "amy"))
        if staff is None:
            staff = StaffMember(username="amy", display_name="Amy P", first_name="Amy", password_hash="x")
            session.add(staff)
            session.flush()
        contact = contacts.ensure_contact(session, contact_id, "web")
        contact.started_at = when
        contacts.record_route(session, contact_id, "human_requested", f"{contact_id}-e1")
        request_handoff(session, contact_id, "human_requested", 2, "en", f"{contact_id}-h1").requested_at = when
        message = Message(
            contact_id=contact_id, channel="web", direction="in", author="user", text="hello", created_at=when
        )
        session.add(message)
        session.add(Note(contact_id=contact_id, staff_id=staff.id, text="called back", created_at=when))
        session.flush()
        session.execute(update(RouteChange).where(RouteChange.contact_id == contact_id).values(at=when))
        session.add(
            RouteCorrection(
                contact_id=contact_id,
                message_id=message.id,
                original_route="human_requested",
                corrected_route="complain_to_force",
                corrected_intent="make_complaint",
                staff_id=staff.id,
            )
        )


def _rows(db_sessionmaker) -> dict[str, set[str]]:
    with db_sessionmaker() as session:
        found = {"contacts": set(session.scalars(select(Contact.id)))}
        for model in CHILDREN:
            found[model.__tablename__] = set(session.scalars(select(model.contact_id)))
        return found


def _events(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id"))
        return {sender: count for sender, count in rows}


def test_erase_removes_one_person_everywhere_and_leaves_others(db_sessionmaker, db_engine, add_tracker_events) -> None:
    _seed(db_sessionmaker, "gone", 1)
    _seed(db_sessionmaker, "kept", 1)
    add_tracker_events(db_engine, "gone", 5)
    add_tracker_events(db_engine, "kept", 3)

    counts = retention.erase(db_sessionmaker, "same", "gone", actor="staff:1")

    assert counts == {
        "contacts": 1,
        "messages": 1,
        "route_changes": 1,
        "handoffs": 1,
        "notes": 1,
        "route_corrections": 1,
        "opt_outs_kept": 0,
        "tracker_events": 5,
        "rejected_outbox_records": 0,
    }
    assert all(ids == {"kept"} for ids in _rows(db_sessionmaker).values())
    assert _events(db_engine) == {"kept": 3}
    with db_sessionmaker() as session:
        event = session.scalars(select(AuditEvent)).one()
    assert (event.actor, event.action, event.contact_id) == ("staff:1", "contact_erased", "gone")
    assert event.detail["tracker_events"] == 5


def test_erasing_an_unknown_id_is_an_error(db_sessionmaker) -> None:
    with pytest.raises(ContactNotFound):
        retention.erase(db_sessionmaker, "same", "nobody")


def test_erase_without_a_rasa_events_table_still_erases(db_sessionmaker) -> None:
    _seed(db_sessionmaker, "gone", 1)
    assert retention.erase(db_sessionmaker, "same", "gone")["tracker_events"] == 0
    assert _rows(db_sessionmaker)["contacts"] == set()


def test_purge_deletes_only_contacts_older_than_the_period(db_sessionmaker, db_engine, add_tracker_events) -> None:
    _seed(db_sessionmaker, "old-1", 120)
    _seed(db_sessionmaker, "old-2", 91)
    _seed(db_sessionmaker, "recent", 89)
    for sender, count in (("old-1", 4), ("old-2", 2), ("recent", 7), ("never-a-contact", 1)):
        add_tracker_events(db_engine, sender, count)

    dry = retention.purge(db_sessionmaker, "same", older_than=dt.timedelta(days=90), dry_run=True)
    assert dry.counts == {
        "contacts": 2,
        "messages": 2,
        "route_changes": 2,
        "handoffs": 2,
        "notes": 2,
        "route_corrections": 2,
        "opt_outs_kept": 0,
        "rejected_outbox_records": 0,
    }
    assert dry.tracker_events == 6
    assert _rows(db_sessionmaker)["contacts"] == {"old-1", "old-2", "recent"}  # a dry run deletes nothing

    done = retention.purge(db_sessionmaker, "same", older_than=dt.timedelta(days=90))
    assert (done.counts, done.tracker_events) == (dry.counts, dry.tracker_events)
    assert all(ids == {"recent"} for ids in _rows(db_sessionmaker).values())
    assert _events(db_engine) == {"recent": 7, "never-a-contact": 1}
    with db_sessionmaker() as session:
        event = session.scalars(select(AuditEvent)).one()
    assert event.action == "contacts_purged" and event.detail["contacts"] == 2
    assert event.detail["tracker_events"] == 6


def test_purge_cleans_a_separate_tracker_database(db_sessionmaker, tmp_path, add_tracker_events) -> None:
    tracker = create_engine_from_url(f"sqlite:///{tmp_path / 'tracker.db'}")
    _seed(db_sessionmaker, "old", 200)
    _seed(db_sessionmaker, "recent", 2)
    add_tracker_events(tracker, "old", 3)
    add_tracker_events(tracker, "recent", 3)
    result = retention.purge(db_sessionmaker, tracker, older_than=dt.timedelta(days=30))
    assert result.counts["contacts"] == 1 and result.tracker_events == 3
    assert _events(tracker) == {"recent": 3}
    tracker.dispose()


def test_cli_purge_dry_run_then_real_run(
    migrated_database_url, db_sessionmaker, db_engine, add_tracker_events, run_cli
) -> None:
    _seed(db_sessionmaker, "old", 40)
    _seed(db_sessionmaker, "recent", 10)
    add_tracker_events(db_engine, "old", 2)
    env = {"TRACKER_DATABASE_URL": migrated_database_url}

    dry = run_cli("purge", "--older-than", "30d", "--dry-run", database_url=migrated_database_url, **env)
    assert dry.code == 0, dry.stderr
    assert "would delete" in dry.stdout and "tracker_events        2" in dry.stdout
    assert _rows(db_sessionmaker)["contacts"] == {"old", "recent"}

    # Default period is RETENTION_DAYS.
    real = run_cli("purge", database_url=migrated_database_url, RETENTION_DAYS="30", **env)
    assert real.code == 0, real.stderr
    assert "deleted" in real.stdout and "contacts              1" in real.stdout
    assert _rows(db_sessionmaker)["contacts"] == {"recent"}
    assert _events(db_engine) == {}


def test_cli_erase_deletes_the_contact_and_its_tracker_events(
    migrated_database_url, db_sessionmaker, tmp_path, add_tracker_events, run_cli
) -> None:
    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    tracker = create_engine_from_url(tracker_url)
    _seed(db_sessionmaker, "gone", 1)
    add_tracker_events(tracker, "gone", 4)
    add_tracker_events(tracker, "other", 1)
    result = run_cli("contacts", "erase", "gone", database_url=migrated_database_url, TRACKER_DATABASE_URL=tracker_url)
    assert result.code == 0, result.stderr
    assert "4 tracker_events" in result.stdout
    assert _rows(db_sessionmaker)["contacts"] == set()
    assert _events(tracker) == {"other": 1}
    tracker.dispose()


def test_retention_counts_from_the_last_activity_not_the_first(db_sessionmaker) -> None:
    _seed(db_sessionmaker, "quiet", 120)
    _seed(db_sessionmaker, "still-talking", 120)
    with db_sessionmaker.begin() as session:  # started long ago, but wrote again ten days ago
        session.add(
            Message(
                contact_id="still-talking",
                channel="web",
                direction="in",
                author="user",
                text="hi",
                created_at=utcnow() - dt.timedelta(days=10),
            )
        )
    _seed(db_sessionmaker, "ended-lately", 120)
    with db_sessionmaker.begin() as session:
        session.get(Contact, "ended-lately").ended_at = utcnow() - dt.timedelta(days=5)

    retention.purge(db_sessionmaker, "none", older_than=dt.timedelta(days=90))
    assert _rows(db_sessionmaker)["contacts"] == {"still-talking", "ended-lately"}


def test_an_opt_out_survives_purge_and_erasure_and_the_next_contact_starts_opted_out(db_sessionmaker, cipher) -> None:
    number = "+447700900777"
    with db_sessionmaker.begin() as session:
        first = contacts.ensure_contact_for_address(session, cipher, "sms", number, "first")
        first.started_at = utcnow() - dt.timedelta(days=200)
        audit.record(session, "system", opt_outs.OPTED_OUT, first.id)
        other = contacts.ensure_contact_for_address(session, cipher, "sms", "+447700900778", "other")
        other.started_at = utcnow() - dt.timedelta(days=200)

    result = retention.purge(db_sessionmaker, "none", older_than=dt.timedelta(days=90))
    assert result.counts["contacts"] == 2 and result.counts["opt_outs_kept"] == 1
    with db_sessionmaker() as session:
        [kept] = session.scalars(select(OptOut)).all()
        assert (kept.channel, kept.address_hash) == ("sms", cipher.lookup_hash("sms", number))

    with db_sessionmaker.begin() as session:
        again = contacts.ensure_contact_for_address(session, cipher, "sms", number, "again")
        assert opt_outs.is_opted_out(session, again.id)
        fresh = contacts.ensure_contact_for_address(session, cipher, "sms", "+447700900778", "fresh")
        assert not opt_outs.is_opted_out(session, fresh.id)
        assert session.scalars(select(OptOut)).all() == []  # the new contact holds it now

    assert retention.erase(db_sessionmaker, "none", "again")["opt_outs_kept"] == 1
    with db_sessionmaker.begin() as session:
        assert opt_outs.is_opted_out(
            session, contacts.ensure_contact_for_address(session, cipher, "sms", number, "third").id
        )


def test_rejected_outbox_records_expire_with_their_contacts(db_sessionmaker, tmp_path) -> None:
    spool = tmp_path / "contact-log.jsonl"
    _seed(db_sessionmaker, "old", 120)
    _seed(db_sessionmaker, "recent", 2)
    _seed(db_sessionmaker, "erased-later", 2)

    def line(contact_id: str | None) -> str:
        kwargs = {"contact_id": contact_id, "force": "Kent Police"} if contact_id else {"force": "Kent Police"}
        return json.dumps({"op": "update_details", "kwargs": kwargs})

    rejected = spool.with_suffix(".rejected")
    rejected.write_text("\n".join(line(c) for c in ("old", "recent", "erased-later", "never-stored", None)) + "\n")

    dry = retention.purge(db_sessionmaker, "none", older_than=dt.timedelta(days=90), dry_run=True, spool_path=spool)
    assert dry.counts["rejected_outbox_records"] == 3 and len(rejected.read_text().splitlines()) == 5
    done = retention.purge(db_sessionmaker, "none", older_than=dt.timedelta(days=90), spool_path=spool)
    assert done.counts["rejected_outbox_records"] == 3
    assert [json.loads(x)["kwargs"]["contact_id"] for x in rejected.read_text().splitlines()] == [
        "recent",
        "erased-later",
    ]
    assert rejected.stat().st_mode & 0o777 == 0o600

    assert retention.erase(db_sessionmaker, "none", "erased-later", spool_path=spool)["rejected_outbox_records"] == 1
    assert [json.loads(x)["kwargs"]["contact_id"] for x in rejected.read_text().splitlines()] == ["recent"]
