"""The triage routes: the one list, which route each intent sets, and how a new route replaces the current one.

The domain's `triage_outcome` values, the contact log's check constraint (bot/store/models.py) and
the console's labels (bot/console/labels.py) must name exactly these: tests/test_vocabulary.py checks that they do.
"""

from __future__ import annotations

EMERGENCY = "emergency"
CRISIS_SUPPORT = "crisis_support"
INFORMATION = "information"
COMPLAIN_TO_FORCE = "complain_to_force"
SERIOUS_INCIDENT = "serious_incident"
REVIEW = "review"
COMPLAINT_NOT_RECORDED = "complaint_not_recorded"
HUMAN_REQUESTED = "human_requested"
IOPC_SERVICE_COMPLAINT = "iopc_service_complaint"
IOPC_DECISION_CHALLENGE = "iopc_decision_challenge"
OUT_OF_SCOPE = "out_of_scope"

# One order everywhere: the database constraint, the domain slot and the console use it.
ROUTES = (
    EMERGENCY,
    CRISIS_SUPPORT,
    INFORMATION,
    COMPLAIN_TO_FORCE,
    SERIOUS_INCIDENT,
    REVIEW,
    COMPLAINT_NOT_RECORDED,
    HUMAN_REQUESTED,
    IOPC_SERVICE_COMPLAINT,
    IOPC_DECISION_CHALLENGE,
    OUT_OF_SCOPE,
)

# The one intent whose answer depends on the words asked ("what does PCSO mean?"), not on the intent alone.
ASK_MEANING = "ask_meaning"

ROUTE_BY_INTENT = {
    "ask_who_we_are": INFORMATION,
    "ask_about_iopc": INFORMATION,
    "ask_who_can_complain": INFORMATION,
    "ask_what_can_complain_about": INFORMATION,
    "ask_how_to_complain": INFORMATION,
    "ask_time_limit": INFORMATION,
    "ask_what_happens_next": INFORMATION,
    "ask_outcomes": INFORMATION,
    "ask_contact_details": INFORMATION,
    "ask_privacy": INFORMATION,
    "ask_live_incident": INFORMATION,
    ASK_MEANING: INFORMATION,
    "make_complaint": COMPLAIN_TO_FORCE,
    "report_serious_incident": SERIOUS_INCIDENT,
    "ask_review": REVIEW,
    "report_complaint_not_recorded": COMPLAINT_NOT_RECORDED,
    "complain_about_iopc": IOPC_SERVICE_COMPLAINT,
    "challenge_iopc_decision": IOPC_DECISION_CHALLENGE,
    "request_human": HUMAN_REQUESTED,
    "report_crime_not_police": OUT_OF_SCOPE,
    "complain_outside_england_wales": OUT_OF_SCOPE,
    "out_of_scope": OUT_OF_SCOPE,
    "report_danger": EMERGENCY,
    "report_self_harm": CRISIS_SUPPORT,
}

# Routes that already bring a person in urgently; asking for a person does not replace them.
_URGENT = {EMERGENCY, CRISIS_SUPPORT, SERIOUS_INCIDENT}
# Routes that say nothing about what the person needs; they never replace a specific route.
_GENERAL = {INFORMATION, OUT_OF_SCOPE}


def next_route(current: str | None, new: str | None) -> str | None:
    """The route after `new` is seen, given `current` (the latest specific need wins)."""
    if new is None or current is None or new == current:
        return new or current
    if new in _GENERAL:
        return current if current not in _GENERAL else new
    if new == HUMAN_REQUESTED and current in _URGENT:
        return current
    return new
