"""What we say when we ask which of two things someone needs (rasa_ext/clarifier.py decides when).

Like the complaint form's words (actions/form_content.py), these live beside the action that says
them; the readability test and docs/content-register.md cover them too. Modes: standard English,
Easy Read and Welsh (young people get standard English: it is already short).
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

from actions.form_content import EASY_READ, STANDARD, WELSH, mode
from actions.routes import INFORMATION, ROUTE_BY_INTENT

# Asked when a message names nothing of serious-incident gravity but looks like one.
GRAVITY_QUESTION = {
    STANDARD: "Did someone die or get badly hurt? Or did an officer do something sexual, or take bribes?",
    EASY_READ: "Is it about a death or a bad injury? Or sex or bribes by an officer?",
    WELSH: "Wnaeth rhywun farw neu gael anaf drwg? Neu wnaeth swyddog rywbeth rhywiol, neu gymryd llwgrwobr?",
}
GRAVITY_ANSWERS = {
    STANDARD: ("Yes, it is that serious", "No, I want to complain"),
    EASY_READ: ("Yes", "No"),
    WELSH: ("Ydy, mae mor ddifrifol â hynny", "Nac ydy, dw i eisiau cwyno"),
}
# Asked when one message carries two needs, or the two best guesses are close.
WHICH_QUESTION = {
    STANDARD: "We want to get this right. Which do you need first?",
    EASY_READ: "Which one do you need first?",
    WELSH: "Rydym ni eisiau cael hyn yn iawn. Pa un sydd ei angen arnoch chi gyntaf?",
}
# A short label per intent for the buttons. Information questions share one label.
LABELS = {
    STANDARD: {
        "make_complaint": "Make a complaint",
        "report_serious_incident": "Tell you about something very serious",
        "ask_review": "Ask for a review of an outcome",
        "report_complaint_not_recorded": "The police will not take my complaint",
        "complain_about_iopc": "Complain about the IOPC",
        "challenge_iopc_decision": "Challenge an IOPC decision",
        "request_human": "Talk to a person",
        "report_crime_not_police": "Report a crime",
        "complain_outside_england_wales": "Police in Scotland or Northern Ireland",
        "information": "Ask a question about complaints",
    },
    EASY_READ: {
        "make_complaint": "Complain",
        "report_serious_incident": "Something very bad happened",
        "ask_review": "I got an answer and I am not happy",
        "report_complaint_not_recorded": "Police will not take my complaint",
        "complain_about_iopc": "Complain about the IOPC",
        "challenge_iopc_decision": "I do not agree with the IOPC",
        "request_human": "Talk to a person",
        "report_crime_not_police": "Report a crime",
        "complain_outside_england_wales": "Scotland or Northern Ireland",
        "information": "Ask a question",
    },
    WELSH: {
        "make_complaint": "Gwneud cwyn",
        "report_serious_incident": "Dweud am rywbeth difrifol iawn",
        "ask_review": "Gofyn am adolygiad o ganlyniad",
        "report_complaint_not_recorded": "Dydy'r heddlu ddim yn derbyn fy nghwyn",
        "complain_about_iopc": "Cwyno am yr IOPC",
        "challenge_iopc_decision": "Herio penderfyniad gan yr IOPC",
        "request_human": "Siarad â pherson",
        "report_crime_not_police": "Rhoi gwybod am drosedd",
        "complain_outside_england_wales": "Heddlu yn yr Alban neu Ogledd Iwerddon",
        "information": "Gofyn cwestiwn am gwynion",
    },
}
# Information intents share one button; its payload is the intent the classifier thought most likely.
INFORMATION_INTENTS = {intent for intent, route in ROUTE_BY_INTENT.items() if route == INFORMATION}


def _mode(language: Optional[str], audience: Optional[str]) -> str:
    chosen = mode(language, audience)
    return chosen if chosen in (STANDARD, EASY_READ, WELSH) else STANDARD


def label(intent: str, language: Optional[str] = STANDARD, audience: Optional[str] = None) -> str:
    key = "information" if intent in INFORMATION_INTENTS else intent
    return LABELS[_mode(language, audience)][key]


def question(options: list[str], reason: str, language: Optional[str] = STANDARD, audience: Optional[str] = None) -> dict[str, Any]:
    """Keyword arguments for `dispatcher.utter_message`: one question, a button per option."""
    m = _mode(language, audience)
    if reason == "gravity":
        yes, no = GRAVITY_ANSWERS[m]
        return {
            "text": GRAVITY_QUESTION[m],
            "buttons": [{"title": yes, "payload": "/report_serious_incident"}, {"title": no, "payload": "/make_complaint"}],
        }
    return {
        "text": WHICH_QUESTION[m],
        "buttons": [{"title": label(intent, language, audience), "payload": f"/{intent}"} for intent in options],
    }


def all_texts() -> Iterator[tuple[str, str, str]]:
    """(mode, where, text) for every message this module can say: the readability test and the register.

    Button titles are left out, as they are for domain.yml: they are the person's own words ("my
    complaint"), a few words long, where reading-grade formulas mean nothing."""
    for m in (STANDARD, EASY_READ, WELSH):
        yield m, "clarify gravity question", GRAVITY_QUESTION[m]
        yield m, "clarify which question", WHICH_QUESTION[m]
