"""Route corrections: which message they are about, what they change (only themselves, audited), the
misroute figures, and `python -m bot nlu corrections`, which exports them redacted for a person to review."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
import yaml
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.domain import load_domain
from bot.routing import transcript
from bot.settings import ROOT
from bot.store.base import utcnow
from bot.store.models import AuditEvent, Contact, RouteCorrection, StaffMember
from bot.store.repositories import contacts, corrections
from bot.store.repositories.handoffs import request_handoff

DOMAIN_INTENTS = set(load_domain()["intents"])
PERSONAL = (
    "My name is Jordan Smith, is it too late to complain? Ring me on 07700 900123, jordan.smith@example.com, LS1 4AB"
)


def _staff(session: Session) -> int:
    staff = StaffMember(username="sam", display_name="Sam Jones", first_name="Sam", password_hash="x")
    session.add(staff)
    session.flush()
    return staff.id


def _conversation(
    session: Session,
    contact_id: str,
    route: str | None,
    text: str,
    *,
    button: bool = False,
    language: str = "en",
    handed_off: bool = True,
) -> int:
    """hello → assistant → `text` (sets `route`) → a later message; the id of the message that set the route."""
    contacts.ensure_contact(session, contact_id, "web", language=language)

    def say(words: str, **kwargs: object) -> int:
        message = transcript.record(
            session, contact_id=contact_id, channel="web", direction="in", author="user", text=words, **kwargs
        )
        assert message is not None
        return message.id

    say("hello")
    transcript.record(
        session, contact_id=contact_id, channel="web", direction="out", author="bot", text="Hi, I can help."
    )
    setting = say(text, payload={"payload": "/make_complaint"} if button else None)
    if route is not None:
        contacts.record_route(session, contact_id, route, f"{contact_id}:{route}")
    say("and they laughed at me afterwards")
    if handed_off:
        request_handoff(session, contact_id, "human_requested", 2, language, None)
    return setting


def _audit(session: Session, prefix: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action.startswith(prefix)).order_by(AuditEvent.id)))


def test_the_routes_intents_all_exist_in_the_domain() -> None:
    grouped = corrections.intents_by_route()
    assert len(grouped["information"]) > 1 and grouped["complain_to_force"] == ["make_complaint"]
    assert {i for intents in grouped.values() for i in intents} <= DOMAIN_INTENTS


def test_a_correction_is_about_the_message_that_set_the_route_and_every_change_is_audited(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        staff_id = _staff(session)
        setting = _conversation(session, "c1", "serious_incident", "the call handler hung up on me")
        with pytest.raises(corrections.CorrectionError, match="route the assistant chose"):
            corrections.correct_route(session, "c1", "report_serious_incident", staff_id)
        with pytest.raises(corrections.CorrectionError, match="Choose the route"):
            corrections.correct_route(session, "c1", "greet", staff_id)
        corrections.correct_route(session, "c1", "make_complaint", staff_id)
        corrections.correct_route(session, "c1", "make_complaint", staff_id)  # the same again: nothing new
        corrections.correct_route(session, "c1", "ask_how_to_complain", staff_id)

    with db_sessionmaker.begin() as session:
        row = session.scalars(select(RouteCorrection)).one()
        assert (row.message_id, row.original_route, row.corrected_route, row.corrected_intent) == (
            setting,
            "serious_incident",
            "information",
            "ask_how_to_complain",
        )
        # Triage's own route is left as it was.
        assert session.get(Contact, "c1").triage_outcome == "serious_incident"
        added, changed = _audit(session, "route_correction")
        assert (added.action, added.actor, added.contact_id) == ("route_correction_added", f"staff:{staff_id}", "c1")
        assert added.detail == {
            "assistant_route": "serious_incident",
            "old_route": None,
            "old_intent": None,
            "new_route": "complain_to_force",
            "new_intent": "make_complaint",
            "message_id": setting,
        }
        assert changed.action == "route_correction_changed"
        assert (changed.detail["old_intent"], changed.detail["new_intent"]) == ("make_complaint", "ask_how_to_complain")
        assert corrections.remove_correction(session, "c1", staff_id) is True
        assert corrections.remove_correction(session, "c1", staff_id) is False

    with db_sessionmaker.begin() as session:
        assert session.scalars(select(RouteCorrection)).first() is None
        removed = _audit(session, "route_correction_removed")
        assert [e.detail["old_intent"] for e in removed] == ["ask_how_to_complain"]


def test_a_route_set_by_a_button_or_not_set_at_all(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        staff_id = _staff(session)
        _conversation(session, "pressed", "complain_to_force", "Make a complaint", button=True)
        _conversation(session, "unrouted", None, "what is this")
        assert corrections.correct_route(session, "pressed", "ask_review", staff_id).message_id is None
        with pytest.raises(corrections.CorrectionError, match="not chosen a route"):
            corrections.correct_route(session, "unrouted", "ask_review", staff_id)


def test_misroutes_count_each_contact_under_the_route_the_assistant_chose(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        staff_id = _staff(session)
        for n in range(4):
            _conversation(session, f"s{n}", "serious_incident", "he was rude to me on the phone", handed_off=n < 2)
        _conversation(session, "i1", "information", "how do i complain", handed_off=False)
        _conversation(session, "none", None, "hello there")
        _conversation(session, "old", "serious_incident", "long ago")
        session.execute(update(Contact).where(Contact.id == "old").values(started_at=utcnow() - dt.timedelta(days=40)))
        corrections.correct_route(session, "s0", "make_complaint", staff_id)
        corrections.correct_route(session, "old", "make_complaint", staff_id)
        # The route moved on after the correction: it still counts where the assistant had put it.
        contacts.record_route(session, "s0", "human_requested", "s0:later")

    with db_sessionmaker.begin() as session:
        rows = {r["key"]: r for r in corrections.misroutes(session, since=utcnow().date() - dt.timedelta(days=7))}
    assert rows["serious_incident"] == {
        "key": "serious_incident",
        "count": 1,
        "contacts": 4,
        "handed_off": 2,
        "rate": 0.25,
    }
    assert rows["information"]["rate"] == 0.0 and set(rows) == {"serious_incident", "information"}


@pytest.fixture
def corrected(db_sessionmaker) -> dict[str, int]:
    """Corrections a reviewer would want to see, and some they should never get."""
    with db_sessionmaker.begin() as session:
        staff_id = _staff(session)
        plan = [
            ("personal", "en", "serious_incident", PERSONAL, "ask_time_limit"),
            ("rude-1", "en", "serious_incident", "The call handler was rude [and] hung up on me", "make_complaint"),
            ("rude-2", "en", "out_of_scope", "the call handler was rude [and]   hung up on me", "make_complaint"),
            (
                "rude-3",
                "en",
                "serious_incident",
                "The call handler was rude [and] hung up on me",
                "ask_how_to_complain",
            ),
            ("short", "en", "information", "help me", "request_human"),
            ("welsh", "cy", "out_of_scope", "Roedd yr heddwas yn anghwrtais iawn gyda fi ddoe", "make_complaint"),
            ("old", "en", "information", "an officer kept messaging me to meet up", "report_serious_incident"),
        ]
        for contact_id, language, route, text, intent in plan:
            _conversation(session, contact_id, route, text, language=language)
            corrections.correct_route(session, contact_id, intent, staff_id)
        _conversation(session, "pressed", "complain_to_force", "Make a complaint", button=True)
        corrections.correct_route(session, "pressed", "ask_review", staff_id)
        session.execute(
            update(RouteCorrection)
            .where(RouteCorrection.contact_id == "old")
            .values(updated_at=utcnow() - dt.timedelta(days=30))
        )
    return {"staff_id": staff_id}


def _examples(document: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for entry in document["nlu"]:
        lines = [line[2:] for line in entry["examples"].splitlines()]
        found.setdefault(entry["intent"], []).extend(lines)
    return found


def test_the_export_is_redacted_reviewable_nlu_yaml(corrected, migrated_database_url, run_cli, db_sessionmaker) -> None:
    result = run_cli("nlu", "corrections", database_url=migrated_database_url)
    assert result.code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# ") and "REVIEW BEFORE USE" in out and "data/nlu/" in out
    for detail in ("Jordan", "Smith", "07700", "900123", "jordan.smith", "example.com", "LS1", "4AB"):
        assert detail not in out, detail

    document = yaml.safe_load(out)
    assert document["version"] == "3.1"
    examples = _examples(document)
    assert set(examples) <= DOMAIN_INTENTS
    assert examples["ask_time_limit"] == [
        "My name is (name), is it too late to complain? Ring me on (phone number), (email), (postcode)"
    ]
    # Repeats collapse (case and spacing aside); brackets cannot turn into Rasa entity markup.
    assert examples["make_complaint"] == [
        "The call handler was rude (and) hung up on me",
        "Roedd yr heddwas yn anghwrtais iawn gyda fi ddoe",
    ]
    assert examples["ask_how_to_complain"] == ["The call handler was rude (and) hung up on me"]
    assert "1 message(s) appear under more than one intent" in out
    assert "# Welsh (Cymraeg): for data/nlu/cy/. The assistant had chosen: out_of_scope 1." in out
    # Too short once redacted, pressed a button (no message), nothing else.
    assert "request_human" not in examples and "ask_review" not in examples
    assert (
        "7 corrections with a typed message: 5 examples below" in out and "1 too short" in out and "1 duplicates" in out
    )

    with db_sessionmaker() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "nlu_corrections_exported")).one()
    assert (event.actor, event.detail["corrections"], event.detail["examples"]) == ("system", 7, 5)

    recent = run_cli(
        "nlu",
        "corrections",
        "--since",
        (utcnow().date() - dt.timedelta(days=7)).isoformat(),
        database_url=migrated_database_url,
    )
    assert recent.code == 0 and "report_serious_incident" in _examples(yaml.safe_load(result.stdout))
    assert "report_serious_incident" not in _examples(yaml.safe_load(recent.stdout))


def test_the_export_goes_to_a_private_file_but_never_into_the_training_data(
    corrected, migrated_database_url, run_cli, tmp_path
) -> None:
    target = tmp_path / "review.yml"
    result = run_cli("nlu", "corrections", "--out", str(target), database_url=migrated_database_url)
    assert result.code == 0, result.stderr
    assert result.stdout == "" and "a person must review every line" in result.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert "make_complaint" in _examples(yaml.safe_load(target.read_text()))

    inside = ROOT / "data" / "nlu" / "corrections-export.yml"
    refused = run_cli("nlu", "corrections", "--out", str(inside), database_url=migrated_database_url)
    assert refused.code == 2 and not inside.exists()
    assert refused.stderr.startswith("error: write the export outside data/") and refused.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "last week"], "error: --since must be a date like"),
        (["--out", "/no/such/folder/x.yml"], "error: --out: the folder /no/such/folder does not exist."),
    ],
)
def test_export_mistakes_are_one_line_and_exit_2(args: list[str], message: str, run_cli, sqlite_url) -> None:
    result = run_cli("nlu", "corrections", *args, database_url=sqlite_url)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_exporting_from_an_unmigrated_database_says_so(run_cli, tmp_path) -> None:
    result = run_cli("nlu", "corrections", database_url=f"sqlite:///{tmp_path / 'empty.db'}")
    assert result.code == 2
    assert result.stderr == "error: the database is not migrated; run `python -m bot db upgrade`.\n"


def test_an_empty_export_is_still_valid_yaml(run_cli, sqlite_url) -> None:
    result = run_cli("nlu", "corrections", database_url=sqlite_url)
    assert result.code == 0 and yaml.safe_load(result.stdout) == {"version": "3.1", "nlu": []}
