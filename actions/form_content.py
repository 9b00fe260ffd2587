"""What the complaint form says: its questions, its feedback on answers, and its summary labels.

Everything else the assistant says lives in domain.yml. The form's own words live here because a
form asks its questions itself, and Rasa's validator only counts a response as used when a rule or
story names it. docs/content-register.md and the readability test cover this module too.
"""

from __future__ import annotations

from typing import Any

QUESTIONS: dict[str, dict[str, Any]] = {
    "consent": {
        "text": "First, can we save your answers? Then a person on our team can see them, so you don't have to "
        "say it all again. We keep them for up to 90 days.",
        "buttons": [("Yes, save them", "yes"), ("No, don't save", "no")],
    },
    "incident_description": {"text": "What happened? Tell me in your own words. A few lines is fine."},
    "incident_date": {"text": "When did it happen? A rough date is fine, like 'last May'."},
    "force": {"text": "Which police force was it? If you don't know, tell me the town or area."},
    "people_involved": {
        "text": "Do you know who was involved? For example, an officer's name or number. Type 'skip' if you don't know."
    },
    "already_complained": {
        "text": "Have you already complained about this?",
        "buttons": [("No", "not yet"), ("Yes, no answer yet", "yes, waiting for an answer"), ("Yes, I got an answer", "yes, I got the outcome")],
    },
    "complainant": {
        "text": "Who is the complaint for?",
        "buttons": [("Me", "for me"), ("Someone else", "for someone else"), ("My child", "for my child")],
    },
    "contact_method": {
        "text": "How would you like to be contacted?",
        "buttons": [("Phone", "phone"), ("Email", "email"), ("Text message", "text message"), ("Letter", "letter"), ("Not now", "not now")],
    },
    "accessibility_needs": {
        "text": "Do you need anything to make contact easier? For example, phone calls, an interpreter, or more time.",
        "buttons": [("No, thanks", "nothing needed")],
    },
}

FEEDBACK = {
    "please_choose": "Sorry, I didn't get that. Please pick one of the options, or type skip.",
    "consent_unclear": "Sorry, I didn't get that. Can we save your answers? Please say yes or no.",
    "no_consent": "That's fine. We won't save your answers. I can still tell you what to do next.",
    "older_than_a_year": "That was over a year ago. You can still complain. It helps to say why it took longer.",
    "force_not_found": "Thanks. I don't know that force name, but our team can check it.",
    "summary_intro": "Here's what you told me:",
    "what_to_change": "What would you like to change?",
}

LABELS = {
    "incident_description": "What happened",
    "incident_date": "When",
    "force": "Police force",
    "people_involved": "Who was involved",
    "already_complained": "Complained before",
    "complainant": "Complaint for",
    "contact_method": "Contact by",
    "accessibility_needs": "Help you need",
}

READABLE = {
    "already_complained": {"no": "No", "waiting": "Yes, no answer yet", "answered": "Yes, got an answer"},
    "complainant": {"self": "Me", "on_behalf": "Someone else", "parent_of_child": "My child"},
    "contact_method": {"phone": "Phone", "email": "Email", "text": "Text message", "letter": "Letter", "none": "Not now"},
    "accessibility_needs": {"none": "Nothing"},
}


def question(slot: str) -> dict[str, Any]:
    """Keyword arguments for `dispatcher.utter_message` that ask for `slot`."""
    entry = QUESTIONS[slot]
    buttons = [{"title": title, "payload": payload} for title, payload in entry.get("buttons", [])]
    return {"text": entry["text"], **({"buttons": buttons} if buttons else {})}


def all_texts() -> list[str]:
    """Every sentence this module can say, for the readability test and the content register."""
    return [q["text"] for q in QUESTIONS.values()] + list(FEEDBACK.values())
