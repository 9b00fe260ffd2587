"""The complaint form: starting it, checking each answer, the summary, corrections and next steps."""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import contact_log
from actions.after_crisis import after_crisis_lines
from actions.conversation import (
    detail_lines,
    domestic_abuse_line,
    introduce,
    language,
    latest_text,
    personalise,
    safety_net,
    said_before,
    said_this_turn,
    set_route,
)
from actions.dates import older_than_a_year, says_when
from actions.forces import local_policing_body, match_force, mentions_chief_officer
from actions.form_content import feedback, label, question, readable
from actions.form_repair import (
    answer_text,
    asks_for_a_moment,
    correction_of,
    corrects,
    earlier_story,
    field_named,
    going_away,
    has_words,
    told_already,
    without_correction_words,
)
from vocabulary.routes import COMPLAIN_TO_FORCE, COMPLAINT_NOT_RECORDED, OUT_OF_SCOPE, REVIEW
from vocabulary.signals.detail import details_asked
from vocabulary.signals.ending import STOP, ruled_out
from vocabulary.signals.language import without_accents

FORM_SLOTS = [
    "consent",
    "incident_description",
    "incident_date",
    "force",
    "people_involved",
    "already_complained",
    "complainant",
    "contact_method",
    "accessibility_needs",
]
NOT_KNOWN = "not known"
NOT_ASKED = "not asked"
_SKIP = (
    r"(skip|pass|dunno|idk|no idea|not sure|unsure|don'?t know|do not know|rather not say|prefer not to say|n/?a"
    # Welsh: "skip", "pass", "(I) don't know" (north and south), "no idea", "not sure".
    r"|hepgor|hepgorer|hepgora|pasio|ddim yn gwybod|dim yn gwybod|dw ?i ddim yn gwybod|dwn i ddim|dwn i'?m"
    r"|sa ?i'?n gwybod|dim syniad|ddim yn siwr|dim yn siwr)"
)


_STORY_WORDS = 8  # a message this long tells what happened (a first message; an answer to "When?" with no time)
_LATELY = 12  # events: the last few turns


def say(dispatcher: CollectingDispatcher, tracker: Tracker, key: str) -> None:
    """Send one of the form's short replies, in the person's language and mode."""
    dispatcher.utter_message(text=feedback(key, *_mode_of(tracker)))


def _mode_of(tracker: Tracker) -> tuple[str, str | None]:
    return language(tracker), tracker.get_slot("audience")


def _answered(tracker: Tracker) -> list[str]:
    return [slot for slot in FORM_SLOTS[1:] if tracker.get_slot(slot) not in (None, NOT_ASKED)]


def _last_bot_text(tracker: Tracker) -> str | None:
    """What the assistant said last before the latest message."""
    seen_latest = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_latest = True
        elif seen_latest and event.get("event") == "bot":
            return event.get("text")
    return None


def _words(text: str) -> str:
    # Accents dropped, so Welsh "ffôn" reads as "ffon" rather than two broken words.
    plain = without_accents(text.lower())
    return " " + re.sub(r"[^a-z0-9' ]+", " ", plain) + " "


def _has(text: str, *patterns: str) -> bool:
    return any(re.search(rf"\b{p}\b", text) for p in patterns)


def is_skip(text: str) -> bool:
    plain = without_accents(text.lower())
    return re.fullmatch(rf"\s*(i )?{_SKIP}( (it|this|that))?[\s.!]*", plain) is not None


def yes_or_no(text: str) -> str | None:
    t = _words(text)
    if _has(
        t, "no", "nope", "nah", "don'?t", "do not", "not", "na", "never", "nac", "naddo", "nage", "peidiwch", "paid"
    ):
        return "no"
    if _has(
        t,
        "yes",
        "yeah",
        "yep",
        "yup",
        "ya",
        "ok",
        "okay",
        "sure",
        "fine",
        "save",
        "go on",
        "please",
        "y",
        "ie",
        "iawn",
        "ia",
        "ydw",
        "yndw",
        "ydy",
        "oes",
        "cewch",
        "cei",
        "gallwch",
        "cadwch",
    ):
        return "yes"
    return None


def complained_before(text: str) -> str | None:
    t = _words(text)
    if _has(
        t,
        "outcome",
        "got an answer",
        "got a reply",
        "letter",
        "upheld",
        "not upheld",
        "rejected",
        "closed",
        "they said",
        "decision",
        "result",
        "finished",
        "answered",
        "ces i ateb",
        "wedi cael ateb",
        "canlyniad",
        "llythyr",
        "penderfyniad",
    ):
        return "answered"
    if _has(
        t,
        "waiting",
        "no answer",
        "no reply",
        "no response",
        "not heard",
        "haven'?t heard",
        "nothing back",
        "ignored",
        "no one got back",
        "still",
        "not yet heard",
        "dim ateb",
        "aros",
        "dim byd yn ol",
    ):
        return "waiting"
    if _has(
        t,
        "no",
        "not yet",
        "nope",
        "nah",
        "never",
        "haven'?t",
        "have not",
        "first time",
        "nac ydw",
        "naddo",
        "dim eto",
        "erioed",
    ):
        return "no"
    return None


def who_for(text: str) -> str | None:
    t = _words(text)
    if _has(
        t,
        "my child",
        "child",
        "kid",
        "kids",
        "baby",
        "under 18",
        "my boy",
        "my girl",
        "plentyn",
        "mhlentyn",
        "plant",
        "mhlant",
    ):
        return "parent_of_child"
    if _has(
        t,
        "someone else",
        "somebody else",
        "other",
        "friend",
        "mate",
        "mum",
        "mom",
        "dad",
        "son",
        "daughter",
        "brother",
        "sister",
        "partner",
        "husband",
        "wife",
        "relative",
        "family",
        "client",
        "neighbour",
        "for him",
        "for her",
        "for them",
        "rhywun arall",
        "ffrind",
        "mam",
        "nhad",
        "tad",
        "mab",
        "merch",
        "brawd",
        "mrawd",
        "chwaer",
        "mhartner",
        "ngwr",
        "ngwraig",
        "teulu",
    ):
        return "on_behalf"
    if _has(t, "me", "myself", "i", "mine", "self", "for me", "fi", "fy hun", "mi"):
        return "self"
    return None


def goes_back(text: str) -> bool:
    """True for a bare "undo" or "go back", or a wrong button pressed: change the latest answer, without asking which."""
    return (
        re.fullmatch(
            r" *(undo( that| it| my last answer)?|(go )?back( a step| one( question)?)?|previous question|take that back"
            r"|((no|oops|sorry|wait) )*((i )?(pressed|clicked|tapped|hit|chose|picked|press|click) (the )?wrong"
            r"( one| button| thing| answer)?|wrong (button|one))( sorry)?"
            r"|dadwneud( hynny)?|(mynd )?yn ol( un cam)?|y cwestiwn blaenorol) *",
            _words(text),
        )
        is not None
    )


def contact_by(text: str) -> str | None:
    t = _words(text)
    for method, words in (
        ("none", ("not now", "none", "no thanks", "don'?t contact", "no contact", "rather not", "nothing", "dim nawr")),
        ("email", ("email", "e mail", "mail me", "gmail", "hotmail", "e bost", "ebost")),
        ("text", ("text", "texts", "sms", "message", "whatsapp", "neges", "testun", "tecst")),
        ("letter", ("letter", "post", "write to me", "by post", "llythyr")),
        ("phone", ("phone", "call", "ring", "telephone", "mobile", "voice", "ffon", "ffonio", "galwad", "symudol")),
    ):
        if _has(t, *words):
            return method
    return None


def no_needs(text: str) -> bool:
    t = _words(text).strip()
    return bool(
        re.fullmatch(
            r"(no|nope|nah|none|nothing|no thanks|no thank you|nothing needed|i'?m (ok|fine|good)|all good|n/?a"
            r"|nac oes|na|dim|dim byd|dim angen)( thanks| thank you| diolch)?",
            t,
        )
    )


def has_answers(tracker: Tracker) -> bool:
    return any(tracker.get_slot(slot) is not None for slot in FORM_SLOTS)


def stopped_before_summary(tracker: Tracker) -> bool:
    """Whether the complaint questions stopped part-way (a person asked for, a question, stop, a crisis): there are
    answers, and no summary since the form last started."""
    for event in reversed(tracker.events):
        if event.get("event") != "action":
            continue
        if event.get("name") == "action_summarise_complaint":
            return False
        if event.get("name") in ("action_start_complaint", "action_continue_complaint"):
            break
    return has_answers(tracker)


def opening_lines(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """After the safety line, what starting or going back to the questions says first: the intro once a conversation
    and, after a crisis, a word of thanks."""
    events = introduce(dispatcher, tracker)
    after_crisis_lines(dispatcher, tracker, questions_stopped=False)
    return events


class ActionStartComplaint(Action):
    """Starts the complaint form, fresh, keeping a first message that already says what happened.

    Questions that stopped part-way are picked up instead, unless the message tells a new story: nobody should lose
    their answers by saying "I want to complain" again after asking for a person or being in crisis."""

    def name(self) -> str:
        return "action_start_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        events, ops = personalise(tracker)
        ops += safety_net(dispatcher, tracker)
        events += opening_lines(dispatcher, tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        # Someone who has just told us what happened should not have to tell it again.
        new_story = not text.startswith("/") and len(text.split()) >= _STORY_WORDS
        if stopped_before_summary(tracker) and not new_story:
            say(dispatcher, tracker, "kept_answers")
        else:
            events += [SlotSet(slot, None) for slot in FORM_SLOTS if tracker.get_slot(slot) is not None]
            if new_story:
                events.append(SlotSet("incident_description", text.strip()))
        return events + await set_route(tracker, COMPLAIN_TO_FORCE, *ops)


class ActionContinueComplaint(Action):
    """Back to the complaint questions ("carry on"), with every answer given so far; a summary already read out is
    read out again. With no answers yet, the questions start, as after "Start a complaint now?"."""

    def name(self) -> str:
        return "action_continue_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        events, ops = personalise(tracker)
        ops += safety_net(dispatcher, tracker)
        events += opening_lines(dispatcher, tracker)
        # In the middle of the questions, the form simply asks its question again.
        if tracker.active_loop_name != "complaint_form":
            if has_answers(tracker):
                say(dispatcher, tracker, "kept_answers")
            else:
                dispatcher.utter_message(response="utter_complaint_start_offered")
        return events + await set_route(tracker, COMPLAIN_TO_FORCE, *ops)


def answer(validate):
    """Validate only real answers: starting the form afresh clears its slots, which is no answer; "hang on" or "bye"
    is none either (the question waits), and "Leeds, got to go" answers "Leeds"."""
    slot = validate.__name__.removeprefix("validate_")

    @functools.wraps(validate)
    async def checked(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {}
        if asks_for_a_moment(str(value)):
            return {slot: None}
        rest = going_away(str(value))
        if rest is not None and not has_words(rest):
            return {slot: None}
        return await validate(self, value if rest is None else rest, dispatcher, tracker, domain)

    return checked


class ValidateComplaintForm(FormValidationAction):
    """Checks each answer in the complaint form; skips are allowed for everything but consent."""

    def name(self) -> str:
        return "validate_complaint_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        # An answer to a form question can be where danger first shows: the safety line comes before the next question.
        flags = safety_net(dispatcher, tracker)
        if flags:
            await contact_log.record(tracker, *flags)
        domestic_abuse_line(dispatcher, tracker)
        self._going_or_waiting(dispatcher, tracker)
        return self._change_chosen(dispatcher, tracker) or await super().run(dispatcher, tracker, domain)

    @staticmethod
    def _going_or_waiting(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        """Someone who has to go, or asks for a moment, hears that it is fine before the question is asked again or
        the next one comes (tester-d section 7: "police are here now i have to go" got the next question alone)."""
        text = latest_text(tracker)  # "" for a button
        if going_away(text) is not None:
            say(dispatcher, tracker, "going")
        elif asks_for_a_moment(text):
            say(dispatcher, tracker, "a_moment")

    @staticmethod
    def _change_chosen(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """After "What would you like to change?", a typed choice ("when") or a new value ("it was Tuesday") is
        that change, not the answer to the question waiting behind the menu."""
        text = latest_text(tracker)
        mode = _mode_of(tracker)
        if text.startswith("/") or _last_bot_text(tracker) != feedback("what_to_change", *mode):
            return []
        waiting = tracker.get_slot("requested_slot")
        answered = [slot for slot in _answered(tracker) if slot != waiting]
        # The message is not the answer to the waiting question, so whatever was taken from it for that goes.
        not_waiting = [SlotSet(waiting, None)] if waiting else []
        named = field_named(text, answered, {slot: label(slot, *mode) for slot in answered})
        if named:
            return [SlotSet(named, None), *not_waiting]
        corrected = correction_of(text, answered)
        if corrected:
            say(dispatcher, tracker, "changed")
            return [SlotSet(corrected, without_correction_words(text)), *not_waiting]
        return []

    @staticmethod
    def _ask_again(slot: str, otherwise: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """No answer to read ("?", "I already told you"): ask once more, then note it as not known, so
        nobody is asked in a loop."""
        if said_before(tracker, {feedback("say_again", *_mode_of(tracker))}, _LATELY):
            return {slot: otherwise}
        say(dispatcher, tracker, "say_again")
        return {slot: None}

    @answer
    async def validate_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # "No, I did not say stop. I want to make a complaint." says no to stopping, not to saving.
        answer = None if ruled_out(STOP, str(value)) else yes_or_no(str(value))
        if answer is None:
            say(dispatcher, tracker, "consent_unclear")
            return {"consent": None}
        if answer == "no":
            say(dispatcher, tracker, "no_consent")
        await contact_log.record(tracker, ("record_consent", {"given": answer == "yes"}))
        return {"consent": answer}

    @answer
    async def validate_incident_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value).strip()
        if is_skip(text):
            return {"incident_description": "not given"}
        pointer = told_already(text)
        if pointer is not None and len(pointer.split()) < 3:
            # "I already told you": what they told us before the form began is what happened.
            story = earlier_story(tracker)
            if story:
                say(dispatcher, tracker, "story_from_before")
                return {"incident_description": story}
            return self._ask_again("incident_description", "not given", dispatcher, tracker)
        if not has_words(text):
            return self._ask_again("incident_description", "not given", dispatcher, tracker)
        return {"incident_description": text if len(text) >= 2 else None}

    @answer
    async def validate_incident_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = answer_text(str(value))
        if not has_words(text):
            return self._ask_again("incident_date", NOT_KNOWN, dispatcher, tracker)
        if is_skip(text):
            return {"incident_date": NOT_KNOWN}
        if (
            len(text.split()) >= _STORY_WORDS
            and not says_when(text)
            and not said_before(tracker, {feedback("story_not_date", *_mode_of(tracker))}, _LATELY)
        ):
            # The story, told where the date was asked (the first message may have skipped "What happened?"):
            # kept with what happened, and "When?" asked once more. Only once, so nobody is asked in a loop.
            say(dispatcher, tracker, "story_not_date")
            told = tracker.get_slot("incident_description")
            story = text if told in (None, "not given") else f"{told} {text}"
            return {"incident_date": None, "incident_description": story}
        if older_than_a_year(text, date.today()):
            say(dispatcher, tracker, "older_than_a_year")
        return {"incident_date": text}

    @answer
    async def validate_force(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = answer_text(str(value))
        if not has_words(text):
            return self._ask_again("force", NOT_KNOWN, dispatcher, tracker)
        found = match_force(text)
        if found.unknown:
            return {"force": NOT_KNOWN}
        if found.outside:
            # Not a police force the IOPC covers: signpost, and finish the form without more questions.
            dispatcher.utter_message(
                response="utter_northern_ireland"
                if found.outside == "Northern Ireland"
                else "utter_outside_england_wales"
            )
            rest = {slot: NOT_ASKED for slot in FORM_SLOTS[FORM_SLOTS.index("force") + 1 :]}
            return {"force": f"Police in {found.outside}", "triage_outcome": OUT_OF_SCOPE, **rest}
        if found.force:
            # A complaint about the chief constable goes to whoever oversees the force, so the next step
            # names them ("complain to the Police and Crime Commissioner (or mayor) for Kent Police").
            about = f"{text} {tracker.get_slot('incident_description') or ''}"
            overseer = local_policing_body(found.force) if mentions_chief_officer(about) else None
            if overseer:
                say(dispatcher, tracker, "chief_officer")
            return {"force": overseer or found.force}
        # Never read back what we could not match: it is noted as not known, and staff can read the chat.
        say(dispatcher, tracker, "force_not_found")
        return {"force": NOT_KNOWN}

    @answer
    async def validate_people_involved(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = answer_text(str(value))
        if not has_words(text):
            return self._ask_again("people_involved", NOT_KNOWN, dispatcher, tracker)
        # "do i have to say his name? im scared it gets back to him" is a worry, not a name: its answer, then the
        # question again (tester-d §6).
        if details_asked(text):
            detail_lines(dispatcher, tracker, None)
            return {"people_involved": None}
        return {"people_involved": NOT_KNOWN if is_skip(text) or yes_or_no(text) == "no" else text}

    @answer
    async def validate_already_complained(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._choice("already_complained", complained_before(str(value)), str(value), dispatcher, tracker)

    @answer
    async def validate_complainant(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        chosen = self._choice("complainant", who_for(str(value)), str(value), dispatcher, tracker)
        # Said to the helper: someone 16 or over usually has to agree in writing (register #12).
        note = {"on_behalf": "written_permission", "parent_of_child": "child_permission"}.get(chosen["complainant"])
        if note:
            say(dispatcher, tracker, note)
        return chosen

    @answer
    async def validate_contact_method(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._choice("contact_method", contact_by(str(value)), str(value), dispatcher, tracker)

    @answer
    async def validate_accessibility_needs(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = answer_text(str(value))
        if not has_words(text):
            return self._ask_again("accessibility_needs", "none", dispatcher, tracker)
        return {"accessibility_needs": "none" if no_needs(text) or is_skip(text) else text[:300]}

    @staticmethod
    def _choice(
        slot: str, choice: str | None, text: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        if choice is None and is_skip(text):
            return {slot: NOT_KNOWN}
        if choice is None:
            say(dispatcher, tracker, "please_choose")
        return {slot: choice}


def summary_lines(tracker: Tracker) -> list[str]:
    """One line per answer, short enough to read on a phone, in the person's language and mode."""
    mode = _mode_of(tracker)
    lines = []
    for slot in FORM_SLOTS[1:]:
        value = tracker.get_slot(slot)
        if value in (None, NOT_ASKED):
            continue
        text = readable(slot, value or NOT_KNOWN, *mode)
        if len(text) > 90:
            text = text[:87].rstrip() + "..."
        lines.append(f"- {label(slot, *mode)}: {text}")
    return lines


class ActionSummariseComplaint(Action):
    """Reads the answers back so the person can confirm or correct them (the rule then asks)."""

    def name(self) -> str:
        return "action_summarise_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        lines = summary_lines(tracker)
        # Two bubbles keep each one SMS-sized.
        half = (len(lines) + 1) // 2
        dispatcher.utter_message(text=feedback("summary_intro", *_mode_of(tracker)) + "\n" + "\n".join(lines[:half]))
        if lines[half:]:
            dispatcher.utter_message(text="\n".join(lines[half:]))
        return []


class ActionChangeAnswer(Action):
    """Asks which answer to change, or clears the chosen one so the form asks it again."""

    def name(self) -> str:
        return "action_change_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        flags = safety_net(dispatcher, tracker)
        if flags:
            await contact_log.record(tracker, *flags)
        entities = (tracker.latest_message or {}).get("entities", [])
        field = next((e.get("value") for e in entities if e.get("entity") == "field"), None)
        answered = _answered(tracker)
        text = latest_text(tracker)
        if field is None and answered and goes_back(text):
            field = answered[-1]
        if field in answered:
            return [SlotSet(field, None), SlotSet("field", None), FollowupAction("complaint_form")]
        corrected = correction_of(text, answered) if field is None and _carries_new_value(text) else None
        if corrected:
            # "no wait it was tuesday not monday": the new answer is in the message, so there is nothing to ask.
            say(dispatcher, tracker, "changed")
            return [SlotSet(corrected, without_correction_words(text)), FollowupAction("complaint_form")]
        if not answered:
            # Nothing to change yet: the rules say how answers can be changed, then carry on.
            return [FollowupAction("utter_how_to_change_answers")]
        mode = _mode_of(tracker)
        buttons = [{"title": label(slot, *mode), "payload": f'/change_answer{{"field":"{slot}"}}'} for slot in answered]
        dispatcher.utter_message(text=feedback("what_to_change", *mode), buttons=buttons)
        return []


def _carries_new_value(text: str) -> bool:
    """A correction that gives the new answer ("sorry, it was Tuesday"), not one that names what is wrong."""
    return (
        corrects(text) and re.search(r"\b(?:answer|question|wrong|mistake|change|anghywir|newid)\b", text, re.I) is None
    )


class ActionSubmitComplaint(Action):
    """Saves the answers (with consent) and settles the route; the rule then gives the next steps."""

    def name(self) -> str:
        return "action_submit_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        route = tracker.get_slot("triage_outcome")
        if route != OUT_OF_SCOPE:
            before = tracker.get_slot("already_complained")
            route = {"answered": REVIEW, "waiting": COMPLAINT_NOT_RECORDED}.get(before, COMPLAIN_TO_FORCE)
        ops = safety_net(dispatcher, tracker)
        if tracker.get_slot("consent") == "yes":
            # Consent again with the details, so they can never arrive without it (e.g. after a spool).
            ops += [("record_consent", {"given": True}), ("update_details", self._details(tracker))]
        return await set_route(tracker, route, *ops)

    @staticmethod
    def _details(tracker: Tracker) -> dict[str, Any]:
        def known(slot: str) -> str | None:
            value = tracker.get_slot(slot)
            return None if value in (None, NOT_KNOWN, NOT_ASKED, "none", "not given") else value

        return {
            "force": known("force"),
            "incident_date": known("incident_date"),
            "complainant": known("complainant"),
            "accessibility_needs": known("accessibility_needs"),
            "summary": {slot: tracker.get_slot(slot) for slot in FORM_SLOTS[1:]},
        }


class ActionWithdrawConsent(Action):
    """Takes back the consent to keep the form's answers: the stored details and summary are cleared
    (`record_consent` with given=False), the answers leave the conversation, and the person is told plainly
    what is kept (the chat, like every chat) and how to have that deleted too. Someone who never said yes hears
    that nothing is being kept, not that something was removed."""

    def name(self) -> str:
        return "action_withdraw_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        await contact_log.record(tracker, ("record_consent", {"given": False}))
        say(dispatcher, tracker, "consent_withdrawn" if tracker.get_slot("consent") == "yes" else "nothing_saved")
        return [SlotSet(slot, None) for slot in FORM_SLOTS]


class _AskQuestion:
    """Asks for one slot of the complaint form, in the words of actions/form_content.py."""

    slot: str

    def name(self) -> str:
        return f"action_ask_complaint_form_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        # After "What would you like to change?" the form waits for that choice: one question at a time.
        if not said_this_turn(tracker, feedback("what_to_change", *_mode_of(tracker))):
            dispatcher.utter_message(**question(self.slot, *_mode_of(tracker)))
        return []


class ActionAskComplaintFormConsent(_AskQuestion, Action):
    """Asks whether we may save the answers."""

    slot = "consent"


class ActionAskComplaintFormIncidentDescription(_AskQuestion, Action):
    """Asks what happened."""

    slot = "incident_description"


class ActionAskComplaintFormIncidentDate(_AskQuestion, Action):
    """Asks when it happened."""

    slot = "incident_date"


class ActionAskComplaintFormForce(_AskQuestion, Action):
    """Asks which police force it was."""

    slot = "force"


class ActionAskComplaintFormPeopleInvolved(_AskQuestion, Action):
    """Asks who was involved."""

    slot = "people_involved"


class ActionAskComplaintFormAlreadyComplained(_AskQuestion, Action):
    """Asks whether they have complained already."""

    slot = "already_complained"


class ActionAskComplaintFormComplainant(_AskQuestion, Action):
    """Asks who the complaint is for."""

    slot = "complainant"


class ActionAskComplaintFormContactMethod(_AskQuestion, Action):
    """Asks how they would like to be contacted."""

    slot = "contact_method"


class ActionAskComplaintFormAccessibilityNeeds(_AskQuestion, Action):
    """Asks whether they need anything to make contact easier."""

    slot = "accessibility_needs"
