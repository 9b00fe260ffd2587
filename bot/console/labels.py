"""The words the console shows for stored codes, and the fixed list of closing outcomes."""

from __future__ import annotations

from typing import Any

# Closing outcomes staff choose from; stored in handoffs.closing_outcome. Reports count them, so
# add new codes rather than rewording old ones.
OUTCOMES: dict[str, str] = {
    "advice_given": "Advice given",
    "complaint_passed_to_force": "Complaint passed to the police force",
    "review_explained": "Review explained",
    "signposted": "Signposted to another organisation",
    "safeguarding_referral": "Safeguarding referral made",
    "no_further_action": "No further action",
}

ROUTES: dict[str, str] = {
    "emergency": "Emergency",
    "crisis_support": "Crisis support",
    "information": "Information",
    "complain_to_force": "Complain to the force",
    "serious_incident": "Serious incident",
    "review": "Review",
    "complaint_not_recorded": "Complaint not recorded",
    "human_requested": "Asked for a person",
    "iopc_service_complaint": "Complaint about the IOPC's service",
    "iopc_decision_challenge": "Challenge to an IOPC decision",
    "out_of_scope": "Out of scope",
}

# What the person was asking or telling us, for routes that more than one intent sets (a route
# correction names the intent). Intents missing here are shown by their code, spaces for underscores.
INTENTS: dict[str, str] = {
    "ask_who_we_are": "who runs this service",
    "ask_about_iopc": "what the IOPC is",
    "ask_who_can_complain": "who can complain",
    "ask_what_can_complain_about": "what they can complain about",
    "ask_how_to_complain": "how to complain",
    "ask_time_limit": "time limits",
    "ask_what_happens_next": "what happens after a complaint",
    "ask_outcomes": "what a complaint can achieve",
    "ask_contact_details": "how to contact us",
    "ask_privacy": "what happens to their details",
    "ask_live_incident": "news or rumours about an incident",
    "ask_meaning": "what a word means",
    "report_crime_not_police": "a crime not about the police",
    "complain_outside_england_wales": "police outside England and Wales",
    "out_of_scope": "something else we cannot help with",
}

PRIORITIES: dict[int, str] = {0: "Urgent", 1: "Serious", 2: "Routine"}

CHANNELS: dict[str, str] = {"web": "Web chat", "sms": "SMS", "telegram": "Telegram", "rest": "API"}

LANGUAGES: dict[str, str] = {"en": "English", "cy": "Welsh (Cymraeg)"}

COMPLAINANTS: dict[str, str] = {
    "self": "The person themselves",
    "on_behalf": "Someone on behalf of another person",
    "parent_of_child": "A parent or carer for their child",
}

AUDIENCES: dict[str, str] = {"young_person": "Young person", "easy_read": "Easy Read"}

AUTHORS: dict[str, str] = {"user": "Person", "bot": "Assistant", "system": "Automatic message"}

ROLES: dict[str, str] = {"agent": "Agent", "supervisor": "Supervisor", "admin": "Administrator"}

PRESENCE: dict[str, str] = {"available": "Available", "away": "Away"}


def label(table: dict[Any, str], code: object, missing: str = "Not known") -> str:
    """The label for `code`, the code itself if it is new, or `missing` when there is none."""
    if code is None or code == "":
        return missing
    return table.get(code, str(code).replace("_", " "))


def author(author_code: str, staff_name: str | None) -> str:
    """Who wrote a transcript message, as the console labels it."""
    if author_code == "staff":
        return f"Staff: {staff_name or 'unknown'}"
    return AUTHORS.get(author_code, author_code)


def waited(seconds: float) -> str:
    """A waiting time in words: "under a minute", "4 min", "1 h 05 min"."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    return f"{hours // 24} days"
