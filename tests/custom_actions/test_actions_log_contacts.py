"""Actions run against recorded trackers and a real, migrated contact log (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions import contact_log
from actions.form_content import feedback
from actions.forms import ActionChangeAnswer, ActionSubmitComplaint, ActionWithdrawConsent, ValidateComplaintForm
from actions.handoff import ActionRequestHuman, ActionRespondToDanger
from actions.triage import ActionSetEasyRead, ActionSetLanguage, ActionTriage
from bot.store.models import Contact, Handoff, RouteChange
from vocabulary.safety.danger import SAFETY_LINE


@pytest.fixture
def store(migrated_database_url: str, db_sessionmaker, settings_in_environment):
    """Point the actions' contact log at the migrated test database."""
    settings_in_environment(database_url=migrated_database_url)
    contact_log.store.cache_clear()
    yield db_sessionmaker
    contact_log.store.cache_clear()


def tracker(
    intent: str,
    text: str = "",
    *,
    message_id: str = "m1",
    slots: dict[str, Any] | None = None,
    sender: str = "0b6d4f0e-0000-4000-8000-000000000001",
    active_loop: str | None = None,
    danger_check: dict[str, Any] | None = None,
    said_since: tuple[str, ...] = (),
) -> Tracker:
    latest = {
        "intent": {"name": intent, "confidence": 0.9},
        "text": text,
        "message_id": message_id,
        "entities": [],
        "metadata": {},
        "danger_check": danger_check or {"level": "none"},
    }
    events = [{"event": "user", "text": text, "parse_data": latest}]
    events += [{"event": "bot", "text": said, "metadata": {}} for said in said_since]
    return Tracker(
        sender, slots or {}, latest, events, False, None, {"name": active_loop} if active_loop else {}, "action_listen"
    )


async def run(action, t: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {"responses": {}})
    return dispatcher.messages, events


async def test_triage_sets_and_logs_the_route_once_even_when_retried(store) -> None:
    t = tracker("ask_review", "they said not upheld")
    for _ in range(2):  # Rasa may call an action again after a timeout
        _messages, events = await run(ActionTriage(), t)
    assert SlotSet("triage_outcome", "review") in events
    with store() as session:
        contact = session.get(Contact, t.sender_id)
        assert contact.triage_outcome == "review" and contact.channel == "rest"
        assert session.scalar(select(func.count()).select_from(RouteChange)) == 1


async def test_first_turn_says_this_is_not_the_police(store) -> None:
    messages, events = await run(ActionTriage(), tracker("ask_time_limit", "how long have i got"))
    assert messages[0]["response"] == "utter_intro" and SlotSet("intro_shown", True) in events


async def test_possible_danger_hears_the_safety_line_first_once_a_turn_and_is_flagged(store) -> None:
    possible = {"level": "false_alarm", "possible": True}
    text = "my daughter took an overdose in the cell"
    messages, _events = await run(ActionTriage(), tracker("report_serious_incident", text, danger_check=possible))
    assert messages[0]["text"] == SAFETY_LINE["en"] and messages[1]["response"] == "utter_intro"
    with store() as session:
        assert "possible_danger" in session.get(Contact, "0b6d4f0e-0000-4000-8000-000000000001").safeguarding_flags

    # Mid-form, the answer's validation says it before the next question, and not again in the same turn.
    answer = tracker(
        "inform", "he hit me and now I feel like ending it", danger_check=possible, active_loop="complaint_form"
    )
    messages, _events = await run(ValidateComplaintForm(), answer)
    assert messages[0]["text"] == SAFETY_LINE["en"]
    said = tracker(
        "inform", "same", danger_check=possible, said_since=(SAFETY_LINE["en"],), active_loop="complaint_form"
    )
    messages, _events = await run(ValidateComplaintForm(), said)
    assert all(m.get("text") != SAFETY_LINE["en"] for m in messages)

    messages, _events = await run(
        ActionTriage(), tracker("ask_time_limit", "how long have i got", sender="other-person")
    )
    assert all(m.get("text") != SAFETY_LINE["en"] for m in messages)


async def test_the_turn_that_switches_language_or_easy_read_says_the_safety_line_in_the_new_mode(store) -> None:
    possible = {"level": "none", "possible": True}
    messages, _events = await run(
        ActionSetEasyRead(), tracker("request_easy_read", "easy words pls", danger_check=possible)
    )
    assert messages[0]["text"] == SAFETY_LINE["easy_read"]
    messages, _events = await run(
        ActionSetLanguage(), tracker("choose_language", "welsh please", danger_check=possible)
    )
    assert messages[0]["text"] == SAFETY_LINE["cy"]


async def test_asking_for_a_person_queues_one_handoff(store) -> None:
    t = tracker("request_human", "real person please", slots={"triage_outcome": "complain_to_force"})
    for _ in range(2):
        await run(ActionRequestHuman(), t)
    with store() as session:
        contact = session.get(Contact, t.sender_id)
        handoffs = session.scalars(select(Handoff)).all()
    assert contact.owner == "queued" and contact.triage_outcome == "human_requested"
    assert len(handoffs) == 1 and handoffs[0].priority == 2


async def test_danger_replies_999_first_and_queues_an_urgent_person(store) -> None:
    messages, _events = await run(ActionRespondToDanger(), tracker("report_danger", "he's outside the door"))
    assert "999" in messages[0]["text"] and "55" in messages[0]["text"]
    with store() as session:
        contact = session.get(Contact, "0b6d4f0e-0000-4000-8000-000000000001")
        handoff = session.scalars(select(Handoff)).one()
    assert contact.triage_outcome == "emergency" and "immediate_danger" in contact.safeguarding_flags
    assert handoff.priority == 0


async def test_details_are_kept_only_with_consent(store) -> None:
    answers = {
        "incident_description": "pushed me",
        "incident_date": "last week",
        "force": "Kent Police",
        "people_involved": "not known",
        "already_complained": "no",
        "complainant": "self",
        "contact_method": "phone",
        "accessibility_needs": "none",
    }
    yes = tracker("affirm", "yes", slots={**answers, "consent": "yes"}, sender="0b6d4f0e-0000-4000-8000-0000000000a1")
    no = tracker("affirm", "yes", slots={**answers, "consent": "no"}, sender="0b6d4f0e-0000-4000-8000-0000000000a2")
    await run(ActionSubmitComplaint(), yes)
    await run(ActionSubmitComplaint(), no)
    with store() as session:
        kept, not_kept = session.get(Contact, yes.sender_id), session.get(Contact, no.sender_id)
    assert kept.force == "Kent Police" and kept.summary["incident_description"] == "pushed me"
    assert not_kept.force is None and not_kept.summary is None
    assert kept.triage_outcome == not_kept.triage_outcome == "complain_to_force"


async def test_taking_back_consent_clears_what_was_kept_and_says_what_is_true(store) -> None:
    answers = {"incident_description": "pushed me", "force": "Kent Police", "complainant": "self"}
    gave = tracker("affirm", "yes", slots={**answers, "consent": "yes"}, sender="0b6d4f0e-0000-4000-8000-0000000000b1")
    await run(ActionSubmitComplaint(), gave)
    withdraw = tracker(
        "withdraw_consent", "delete what i told you", slots={**answers, "consent": "yes"}, sender=gave.sender_id
    )
    said, events = await run(ActionWithdrawConsent(), withdraw)
    with store() as session:
        contact = session.get(Contact, gave.sender_id)
    assert contact.consent_given is False and contact.summary is None and contact.force is None
    assert [m["text"] for m in said] == [feedback("consent_withdrawn", "en")]
    assert all(e["event"] == "slot" and e["value"] is None for e in events)
    assert {e["name"] for e in events} >= {*answers, "consent"}, "the answers stay in the conversation"
    # Never said yes: nothing was removed, so the reply does not say so.
    never = tracker(
        "withdraw_consent",
        "dont keep my details",
        slots={"consent": "no"},
        sender="0b6d4f0e-0000-4000-8000-0000000000b2",
    )
    await run(ActionTriage(), never)
    said, _ = await run(ActionWithdrawConsent(), never)
    assert [m["text"] for m in said] == [feedback("nothing_saved", "en")]


async def test_form_answers_are_understood_the_way_people_give_them(store) -> None:
    form, dispatcher = ValidateComplaintForm(), CollectingDispatcher()
    t = tracker("inform", "", active_loop="complaint_form")
    assert await form.validate_force("mersyside police", dispatcher, t, {}) == {"force": "Merseyside Police"}
    assert await form.validate_already_complained("yes, I got the outcome", dispatcher, t, {}) == {
        "already_complained": "answered"
    }
    assert await form.validate_complainant("for my child", dispatcher, t, {}) == {"complainant": "parent_of_child"}
    assert await form.validate_contact_method("ring me", dispatcher, t, {}) == {"contact_method": "phone"}
    assert await form.validate_accessibility_needs("no thanks", dispatcher, t, {}) == {"accessibility_needs": "none"}
    assert await form.validate_people_involved("skip", dispatcher, t, {}) == {"people_involved": "not known"}
    assert await form.validate_complainant("banana", dispatcher, t, {}) == {"complainant": None}
    assert dispatcher.messages[-1]["text"].startswith("Sorry, we did not get that")


async def test_no_answer_is_never_stored_as_one(store) -> None:
    """Round 45's testers saved "What happened: i already told you" and "When: ?"."""
    form = ValidateComplaintForm()
    story = "they kept me in a cell for 20 hours with no blanket and laughed when I asked for a doctor"
    told = tracker("inform", "i already told you", active_loop="complaint_form")
    told.events[:0] = [{"event": "user", "text": story}, {"event": "user", "text": "/affirm"}]
    dispatcher = CollectingDispatcher()
    assert await form.validate_incident_description("i already told you", dispatcher, told, {}) == {
        "incident_description": story
    }
    assert [m["text"] for m in dispatcher.messages] == [feedback("story_from_before", "en")]
    # Nothing told before: asked once more, then noted as not given, never a loop.
    dispatcher = CollectingDispatcher()
    fresh = tracker("inform", "i already told you", active_loop="complaint_form")
    assert await form.validate_incident_description("i already told you", dispatcher, fresh, {}) == {
        "incident_description": None
    }
    again = tracker("inform", "?", active_loop="complaint_form", said_since=(feedback("say_again", "en"),))
    assert await form.validate_incident_date("?", dispatcher, fresh, {}) == {"incident_date": None}
    assert await form.validate_incident_date("?", dispatcher, again, {}) == {"incident_date": "not known"}
    assert [m["text"] for m in dispatcher.messages] == [feedback("say_again", "en")] * 2
    # The answer after the pointer is the answer.
    assert await form.validate_force("I have already told you that too. Leeds.", dispatcher, fresh, {}) == {
        "force": "West Yorkshire Police"
    }


async def test_a_correction_with_the_new_answer_changes_it_without_a_menu(store) -> None:
    answers = {"consent": "yes", "incident_description": "pushed me", "incident_date": "monday morning"}
    t = tracker("change_answer", "no wait it was tuesday not monday", slots=answers, active_loop="complaint_form")
    said, events = await run(ActionChangeAnswer(), t)
    assert [m["text"] for m in said] == [feedback("changed", "en")]
    assert {"event": "slot", "name": "incident_date", "value": "it was tuesday not monday", "timestamp": None} in events
    # Naming what is wrong is not a new answer: the menu asks which.
    said, _ = await run(ActionChangeAnswer(), tracker("change_answer", "no the date is wrong", slots=answers))
    assert said[0]["text"] == feedback("what_to_change", "en") and said[0]["buttons"]


async def test_a_wrong_button_pressed_asks_the_last_question_again(store) -> None:
    answers = {"consent": "yes", "incident_description": "pushed me", "already_complained": "answered"}
    for text in ["no i pressed wrong", "oops wrong button", "undo"]:
        said, events = await run(ActionChangeAnswer(), tracker("change_answer", text, slots=answers))
        assert said == [] and events[0] == SlotSet("already_complained", None), text


async def test_a_choice_typed_after_the_change_menu_is_that_change(store) -> None:
    answers = {"consent": "yes", "incident_description": "pushed me", "incident_date": "monday", "force": "when"}
    t = tracker("inform", "when", slots={**answers, "requested_slot": "force"}, active_loop="complaint_form")
    t.events[:0] = [{"event": "bot", "text": feedback("what_to_change", "en")}]  # the menu, then "when"
    events = await ValidateComplaintForm().run(CollectingDispatcher(), t, {"forms": {}, "slots": {}})
    assert {(e["name"], e["value"]) for e in events} == {("incident_date", None), ("force", None)}


async def test_scotland_is_signposted_and_ends_the_questions(store) -> None:
    dispatcher = CollectingDispatcher()
    result = await ValidateComplaintForm().validate_force("glasgow", dispatcher, tracker("inform"), {})
    assert result["triage_outcome"] == "out_of_scope" and result["complainant"] == "not asked"
    assert dispatcher.messages[0]["response"] == "utter_outside_england_wales"


async def test_the_person_still_gets_a_reply_when_the_database_is_down(settings_in_environment) -> None:
    settings = settings_in_environment(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    contact_log.store.cache_clear()
    try:
        messages, events = await run(ActionRespondToDanger(), tracker("report_danger", "he has a knife"))
    finally:
        contact_log.store.cache_clear()
    assert "999" in messages[0]["text"]
    assert SlotSet("triage_outcome", "emergency") in events
    assert Path(settings.spool_path).read_text().count("\n") >= 3  # contact, route, flag, handoff wait for replay


async def test_a_hand_off_that_is_part_of_a_route_keeps_that_route(store) -> None:
    t = tracker(
        "report_complaint_not_recorded", "no reply to my complaint", slots={"triage_outcome": "complaint_not_recorded"}
    )
    _messages, events = await run(ActionRequestHuman(), t)
    assert not any(e.get("name") == "triage_outcome" for e in events)
    with store() as session:
        assert session.scalars(select(Handoff)).one().status == "queued"
