"""Contacts: idempotent creation and routes, consent, details, safeguarding flags, a new contact after a close."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from bot.routing import ownership
from bot.store.crypto import AddressCipher
from bot.store.errors import ContactNotFound
from bot.store.models import Contact, RouteChange
from bot.store.repositories import audit, contacts, opt_outs


def test_ensure_contact_creates_once_and_keeps_the_first_channel(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        first = contacts.ensure_contact(session, "c-1", "web")
        started = first.started_at
    with db_sessionmaker.begin() as session:
        again = contacts.ensure_contact(session, "c-1", "sms", language="cy")
        assert (again.channel, again.language, again.started_at) == ("web", "cy", started)
        assert (again.owner, again.safeguarding_flags, again.consent_given) == ("bot", [], False)
        assert session.scalar(select(func.count()).select_from(Contact)) == 1


def test_record_route_is_idempotent_and_a_replay_never_undoes_a_later_route(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        contacts.ensure_contact(session, "c-1", "web")
        assert contacts.record_route(session, "c-1", "information", "evt-1") is True
        assert contacts.record_route(session, "c-1", "serious_incident", "evt-2") is True
    with db_sessionmaker.begin() as session:
        # A retried action re-sends evt-1 after evt-2 was recorded.
        assert contacts.record_route(session, "c-1", "information", "evt-1") is False
    with db_sessionmaker() as session:
        contact = session.get(Contact, "c-1")
        assert contact.triage_outcome == "serious_incident"
        assert [(r.outcome, r.source_event_id) for r in contact.route_changes] == [
            ("information", "evt-1"),
            ("serious_incident", "evt-2"),
        ]


def test_record_route_rejects_unknown_routes_and_contacts(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        contacts.ensure_contact(session, "c-1", "web")
    with db_sessionmaker() as session:
        with pytest.raises(ValueError, match="triage_outcome"):
            contacts.record_route(session, "c-1", "complain", "evt-1")
        with pytest.raises(ContactNotFound):
            contacts.record_route(session, "nobody", "information", "evt-1")


def test_the_database_itself_rejects_values_outside_an_enum(db_engine) -> None:
    # Guards against code that bypasses the repositories (raw SQL, a future bulk import).
    with pytest.raises(IntegrityError):
        with db_engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO contacts (id, channel, started_at, safeguarding_flags)"
                    " VALUES (:id, :channel, :started, :flags)"
                ),
                {"id": "c-x", "channel": "fax", "started": "2024-01-01 00:00:00", "flags": "[]"},
            )


def test_update_details_validates_and_summary_needs_consent(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        contacts.ensure_contact(session, "c-1", "web")
        contacts.update_details(
            session, "c-1", force="Gwent Police", incident_date="last summer", complainant="on_behalf"
        )
        with pytest.raises(ValueError, match="complainant"):
            contacts.update_details(session, "c-1", complainant="neighbour")
        with pytest.raises(TypeError, match="address"):
            contacts.update_details(session, "c-1", address="+447700900123")
        with pytest.raises(ValueError, match="consent"):
            contacts.update_details(session, "c-1", summary={"what": "pushed over"})
        contacts.record_consent(session, "c-1", True)
        contacts.update_details(session, "c-1", summary={"what": "pushed over"}, audience=None)
    with db_sessionmaker() as session:
        contact = session.get(Contact, "c-1")
        assert (contact.force, contact.incident_date, contact.complainant) == (
            "Gwent Police",
            "last summer",
            "on_behalf",
        )
        assert contact.summary == {"what": "pushed over"}
        assert contact.consent_given and contact.consent_at is not None


def test_withdrawing_consent_clears_summary_and_details_but_keeps_safeguarding(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        contacts.ensure_contact(session, "c-1", "web", language="cy")
        contacts.record_consent(session, "c-1", True)
        contacts.update_details(
            session,
            "c-1",
            force="Dyfed-Powys Police",
            topic="use_of_force",
            accessibility_needs="BSL",
            audience="young_person",
            summary={"what": "x"},
        )
        contacts.add_safeguarding_flag(session, "c-1", "self_harm")
    with db_sessionmaker.begin() as session:
        contacts.record_consent(session, "c-1", False)
    with db_sessionmaker() as session:
        contact = session.get(Contact, "c-1")
        assert contact.consent_given is False
        assert [contact.summary, contact.force, contact.topic, contact.accessibility_needs, contact.audience] == [
            None
        ] * 5
        assert contact.language == "cy"
        assert contact.safeguarding_flags == ["self_harm"]


def test_safeguarding_flags_are_added_once(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        contacts.ensure_contact(session, "c-1", "web")
        assert contacts.add_safeguarding_flag(session, "c-1", "risk_to_life") is True
    with db_sessionmaker.begin() as session:
        assert contacts.add_safeguarding_flag(session, "c-1", "risk_to_life") is False
        assert contacts.add_safeguarding_flag(session, "c-1", "child_at_risk") is True
    with db_sessionmaker() as session:
        assert session.get(Contact, "c-1").safeguarding_flags == ["risk_to_life", "child_at_risk"]


def test_a_returning_sender_is_found_by_address_on_the_same_channel_only(
    db_sessionmaker, cipher: AddressCipher
) -> None:
    with db_sessionmaker.begin() as session:
        created = contacts.ensure_contact_for_address(session, cipher, "sms", "+447700900123", "c-1")
        assert created.id == "c-1"
    with db_sessionmaker.begin() as session:
        again = contacts.ensure_contact_for_address(session, cipher, "sms", "+447700900123", "c-2")
        assert again.id == "c-1"
        assert contacts.find_contact_by_address(session, cipher, "telegram", "+447700900123") is None
        contacts.ensure_contact(session, "c-3", "telegram")
        contacts.attach_address(session, cipher, "c-3", "+447700900123")
    with db_sessionmaker() as session:
        assert contacts.find_contact_by_address(session, cipher, "telegram", "+447700900123").id == "c-3"
        assert contacts.find_contact_by_address(session, cipher, "sms", "+447700900999") is None
        assert session.scalar(select(func.count()).select_from(Contact)) == 2
        assert session.scalar(select(func.count()).select_from(RouteChange)) == 0


def test_closing_a_conversation_records_when_it_ended(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        contacts.ensure_contact(session, "c-1", "web")
        contacts.set_owner(session, "c-1", "closed")
    with db_sessionmaker() as session:
        contact = session.get(Contact, "c-1")
        assert contact.owner == "closed" and contact.ended_at is not None


def test_after_a_close_the_next_sms_or_telegram_message_starts_a_new_contact(
    db_sessionmaker, cipher: AddressCipher
) -> None:
    for channel, address in (("sms", "+447700900123"), ("telegram", "4242")):
        with db_sessionmaker.begin() as session:
            first = contacts.ensure_contact_for_address(session, cipher, channel, address, f"{channel}-1")
            contacts.set_owner(session, first.id, "closed")
        with db_sessionmaker.begin() as session:
            second = contacts.ensure_contact_for_address(session, cipher, channel, address, f"{channel}-2")
            assert second.id == f"{channel}-2" and second.owner == "bot"
            # Both stay on record under the same address hash; only one is open.
            assert session.get(Contact, f"{channel}-1").owner == "closed"
            assert contacts.ensure_contact_for_address(session, cipher, channel, address, "unused").id == second.id
            # A message that was on its way to the old conversation does not reopen it beside the new one.
            assert ownership.reopen(session, f"{channel}-1") is False


def test_a_closed_web_conversation_continues_and_a_stopped_number_keeps_its_contact(
    db_sessionmaker, cipher: AddressCipher
) -> None:
    with db_sessionmaker.begin() as session:
        web = contacts.ensure_contact_for_address(session, cipher, "web", "widget-session", "w-1")
        contacts.set_owner(session, web.id, "closed")
        stopped = contacts.ensure_contact_for_address(session, cipher, "sms", "+447700900555", "s-1")
        audit.record(session, "system", opt_outs.OPTED_OUT, stopped.id)
        contacts.set_owner(session, stopped.id, "closed")
    with db_sessionmaker.begin() as session:
        assert contacts.ensure_contact_for_address(session, cipher, "web", "widget-session", "w-1").id == "w-1"
        # STOP closed it; START must be heard on the same record, which knows it was stopped.
        assert contacts.ensure_contact_for_address(session, cipher, "sms", "+447700900555", "s-2").id == "s-1"
        audit.record(session, "system", opt_outs.OPTED_IN, "s-1")
    with db_sessionmaker.begin() as session:
        assert contacts.ensure_contact_for_address(session, cipher, "sms", "+447700900555", "s-2").id == "s-2"
