"""Export: one JSON object per contact; addresses only on request, decrypted and audited."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from bot.store.crypto import AddressCipher
from bot.store.models import AuditEvent
from bot.store.repositories import contacts
from bot.store.repositories.export import export_contacts
from bot.store.repositories.handoffs import request_handoff

UTC = dt.timezone.utc
PHONE = "+447700900123"


def _seed(db_sessionmaker, cipher: AddressCipher) -> None:
    with db_sessionmaker.begin() as session:
        sms = contacts.ensure_contact_for_address(session, cipher, "sms", PHONE, "c-sms")
        sms.started_at = dt.datetime(2024, 5, 1, 10, tzinfo=UTC)
        contacts.record_route(session, "c-sms", "information", "e1")
        contacts.record_route(session, "c-sms", "complain_to_force", "e2")
        contacts.update_details(session, "c-sms", force="Kent Police")
        contacts.add_safeguarding_flag(session, "c-sms", "risk_to_life")
        handoff = request_handoff(session, "c-sms", "human_requested", 2, "en", "h1")
        handoff.requested_at = dt.datetime(2024, 5, 1, 10, 5, tzinfo=UTC)
        handoff.claimed_at = dt.datetime(2024, 5, 1, 10, 6, 30, tzinfo=UTC)
        handoff.status = "assigned"
        web = contacts.ensure_contact(session, "c-web", "web")
        web.started_at = dt.datetime(2024, 4, 1, 9, tzinfo=UTC)


def test_export_describes_each_contact_without_its_address(db_sessionmaker, cipher: AddressCipher) -> None:
    _seed(db_sessionmaker, cipher)
    with db_sessionmaker() as session:
        records = list(export_contacts(session))
    assert [r["id"] for r in records] == ["c-web", "c-sms"]  # oldest first
    sms = records[1]
    assert "address" not in sms and PHONE not in json.dumps(records)
    assert sms["channel"] == "sms" and sms["started"] == "2024-05-01T10:00:00+00:00"
    assert sms["triage_outcome"] == "complain_to_force"
    assert [r["outcome"] for r in sms["routes"]] == ["information", "complain_to_force"]
    assert sms["force"] == "Kent Police" and sms["safeguarding_flags"] == ["risk_to_life"]
    assert sms["handoff"]["status"] == "assigned" and sms["handoff"]["wait_seconds"] == 90.0
    assert records[0]["handoff"] is None and records[0]["routes"] == []


def test_export_since_filters_by_start_day(db_sessionmaker, cipher: AddressCipher) -> None:
    _seed(db_sessionmaker, cipher)
    with db_sessionmaker() as session:
        assert [r["id"] for r in export_contacts(session, since=dt.date(2024, 5, 1))] == ["c-sms"]
        assert list(export_contacts(session, since=dt.date(2024, 5, 2))) == []


def test_cli_export_leaves_addresses_out_by_default(
    migrated_database_url: str, db_sessionmaker, cipher, run_cli
) -> None:
    _seed(db_sessionmaker, cipher)
    result = run_cli("contacts", "export", "--format", "jsonl", database_url=migrated_database_url)
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all("address" not in json.loads(line) for line in lines)
    assert PHONE not in result.stdout
    with db_sessionmaker() as session:
        assert session.scalars(select(AuditEvent)).all() == []


def test_cli_export_with_addresses_decrypts_them_and_is_audited(
    migrated_database_url: str, db_sessionmaker, cipher, run_cli
) -> None:
    _seed(db_sessionmaker, cipher)
    result = run_cli(
        "contacts", "export", "--include-address", "--since", "2024-04-15", database_url=migrated_database_url
    )
    assert result.code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["address"]) for r in records] == [("c-sms", PHONE)]
    with db_sessionmaker() as session:
        event = session.scalars(select(AuditEvent)).one()
    assert (event.actor, event.action) == ("system", "contacts_exported_with_address")
    assert event.detail == {"count": 1, "since": "2024-04-15"}
    assert PHONE not in json.dumps(event.detail)


def test_cli_export_with_addresses_needs_a_valid_key(
    migrated_database_url: str, db_sessionmaker, cipher, run_cli
) -> None:
    _seed(db_sessionmaker, cipher)
    result = run_cli("contacts", "export", "--include-address", database_url=migrated_database_url, CONTACT_KEY="nope")
    assert result.code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "CONTACT_KEY is not a Fernet key" in result.stderr


def test_cli_show_prints_one_contact_without_its_address_and_is_audited(
    migrated_database_url: str, db_sessionmaker, cipher, run_cli
) -> None:
    _seed(db_sessionmaker, cipher)
    result = run_cli("contacts", "show", "c-sms", database_url=migrated_database_url)
    assert result.code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["id"], shown["force"], shown["has_address"]) == ("c-sms", "Kent Police", True)
    assert "address" not in shown and PHONE not in result.stdout
    with db_sessionmaker() as session:
        event = session.scalars(select(AuditEvent)).one()
    assert (event.action, event.contact_id) == ("contact_viewed", "c-sms")
