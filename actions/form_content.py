"""What the complaint form says: its questions, its feedback on answers, and its summary labels.

Everything else the assistant says lives in domain.yml. The form's own words live here because a
form asks its questions itself, and Rasa's validator only counts a response as used when a rule or
story names it. docs/content-register.md and the readability test cover this module too.

Each text comes in up to four modes, like the responses in domain.yml: standard English ("en"),
Easy Read ("easy_read"), young people ("young_person", only where the words differ) and Welsh
("cy", whatever the audience). `mode()` picks one; a young person gets standard English wherever
there is no young variant. All Welsh must be reviewed by a Welsh speaker.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

STANDARD = "en"
EASY_READ = "easy_read"
YOUNG_PERSON = "young_person"
WELSH = "cy"
MODES = (STANDARD, EASY_READ, YOUNG_PERSON, WELSH)

QUESTIONS: dict[str, dict[str, dict[str, Any]]] = {
    STANDARD: {
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
    },
    EASY_READ: {
        "consent": {
            "text": "Can we save your answers? Then our team can read them. You will not have to say it all again. "
            "We keep them for up to 90 days.",
            "buttons": [("Yes, save them", "yes"), ("No", "no")],
        },
        "incident_description": {"text": "What happened? Use your own words. A few lines is fine."},
        "incident_date": {"text": "When did it happen? You can guess, like 'last May'."},
        "force": {"text": "Which police force was it? If you do not know, tell me the town."},
        "people_involved": {
            "text": "Do you know the name or number of the officer? Type 'skip' if you do not know."
        },
        "already_complained": {
            "text": "Have you told the police about this before?",
            "buttons": [("No", "not yet"), ("Yes, no answer yet", "yes, waiting for an answer"), ("Yes, I got an answer", "yes, I got the outcome")],
        },
        "complainant": {
            "text": "Is the complaint for you, or for someone else?",
            "buttons": [("Me", "for me"), ("Someone else", "for someone else"), ("My child", "for my child")],
        },
        "contact_method": {
            "text": "How can we get in touch with you?",
            "buttons": [("Phone", "phone"), ("Email", "email"), ("Text", "text message"), ("Letter", "letter"), ("Not now", "not now")],
        },
        "accessibility_needs": {
            "text": "Do you need help to talk to us? For example, phone calls, someone to help with words, or more time.",
            "buttons": [("No, thanks", "nothing needed")],
        },
    },
    YOUNG_PERSON: {
        # Never ask a young person for intimate details: their own words, as much as they want.
        "incident_description": {"text": "What happened? Tell me in your own words. You don't have to tell me everything."},
        "people_involved": {
            "text": "Do you know who was involved? For example, an officer's name or the number on their uniform. "
            "Type 'skip' if you don't know."
        },
    },
    WELSH: {
        "consent": {
            "text": "Yn gyntaf, gawn ni gadw eich atebion? Wedyn gall person o'n tîm eu gweld, felly fydd dim rhaid i "
            "chi ddweud y cyfan eto. Rydym yn eu cadw am hyd at 90 diwrnod.",
            "buttons": [("Cewch, cadwch nhw", "yes"), ("Na, peidiwch", "no")],
        },
        "incident_description": {"text": "Beth ddigwyddodd? Dywedwch wrtha i yn eich geiriau eich hun. Mae ychydig o linellau'n iawn."},
        "incident_date": {"text": "Pryd ddigwyddodd hyn? Mae dyddiad bras yn iawn, fel 'mis Mai diwethaf'."},
        "force": {"text": "Pa heddlu oedd e? Os nad ydych chi'n gwybod, dywedwch enw'r dref neu'r ardal."},
        "people_involved": {
            "text": "Ydych chi'n gwybod pwy oedd yn rhan o hyn? Er enghraifft, enw neu rif swyddog. "
            "Teipiwch 'skip' os nad ydych chi'n gwybod."
        },
        "already_complained": {
            "text": "Ydych chi wedi cwyno am hyn yn barod?",
            "buttons": [("Nac ydw", "not yet"), ("Ydw, dim ateb eto", "yes, waiting for an answer"), ("Ydw, ces i ateb", "yes, I got the outcome")],
        },
        "complainant": {
            "text": "Ar ran pwy mae'r gŵyn?",
            "buttons": [("Fi", "for me"), ("Rhywun arall", "for someone else"), ("Fy mhlentyn", "for my child")],
        },
        "contact_method": {
            "text": "Sut hoffech chi i ni gysylltu â chi?",
            "buttons": [("Ffôn", "phone"), ("E-bost", "email"), ("Neges destun", "text message"), ("Llythyr", "letter"), ("Dim nawr", "not now")],
        },
        "accessibility_needs": {
            "text": "Oes angen unrhyw beth arnoch chi i wneud cysylltu'n haws? Er enghraifft, galwadau ffôn, cyfieithydd, "
            "neu fwy o amser.",
            "buttons": [("Dim diolch", "nothing needed")],
        },
    },
}

FEEDBACK: dict[str, dict[str, str]] = {
    STANDARD: {
        "please_choose": "Sorry, I didn't get that. Please pick one of the options, or type skip.",
        "consent_unclear": "Sorry, I didn't get that. Can we save your answers? Please say yes or no.",
        "no_consent": "That's fine. We won't save your answers. I can still tell you what to do next.",
        "older_than_a_year": "That was over a year ago. You can still complain. It helps to say why it took longer.",
        "force_not_found": "Thanks. I don't know that force name, but our team can check it.",
        "summary_intro": "Here's what you told me:",
        "what_to_change": "What would you like to change?",
    },
    EASY_READ: {
        "please_choose": "Sorry, I did not get that. Please pick a button. Or type skip.",
        "consent_unclear": "Sorry, I did not get that. Can we save your answers? Please say yes or no.",
        "no_consent": "That is OK. We will not save your answers. I can still tell you what to do next.",
        "older_than_a_year": "That was more than a year ago. You can still complain. Say why it took a while.",
        "force_not_found": "Thanks. I do not know that name. Our team can check it.",
        "summary_intro": "This is what you told me:",
        "what_to_change": "What do you want to change?",
    },
    YOUNG_PERSON: {},
    WELSH: {
        "please_choose": "Mae'n ddrwg gen i, doeddwn i ddim yn deall. Dewiswch un o'r opsiynau, neu teipiwch 'skip'.",
        "consent_unclear": "Mae'n ddrwg gen i, doeddwn i ddim yn deall. Gawn ni gadw eich atebion? Dywedwch ie neu na.",
        "no_consent": "Mae hynny'n iawn. Wnawn ni ddim cadw eich atebion. Gallaf ddweud wrthych chi beth i'w wneud nesaf o hyd.",
        "older_than_a_year": "Roedd hynny dros flwyddyn yn ôl. Gallwch chi gwyno o hyd. Mae'n help dweud pam cymerodd hi fwy o amser.",
        "force_not_found": "Diolch. Dydw i ddim yn adnabod enw'r heddlu hwnnw, ond gall ein tîm ei wirio.",
        "summary_intro": "Dyma beth ddywedoch chi wrtha i:",
        "what_to_change": "Beth hoffech chi ei newid?",
    },
}

LABELS: dict[str, dict[str, str]] = {
    STANDARD: {
        "incident_description": "What happened",
        "incident_date": "When",
        "force": "Police force",
        "people_involved": "Who was involved",
        "already_complained": "Complained before",
        "complainant": "Complaint for",
        "contact_method": "Contact by",
        "accessibility_needs": "Help you need",
    },
    EASY_READ: {
        "incident_description": "What happened",
        "incident_date": "When",
        "force": "Police force",
        "people_involved": "Who was there",
        "already_complained": "Told the police before",
        "complainant": "Who it is for",
        "contact_method": "How we get in touch",
        "accessibility_needs": "Help you need",
    },
    YOUNG_PERSON: {},
    WELSH: {
        "incident_description": "Beth ddigwyddodd",
        "incident_date": "Pryd",
        "force": "Heddlu",
        "people_involved": "Pwy oedd yn rhan",
        "already_complained": "Wedi cwyno o'r blaen",
        "complainant": "Cwyn ar ran",
        "contact_method": "Cysylltu drwy",
        "accessibility_needs": "Help sydd ei angen",
    },
}

# How stored answers read back in the summary. "not known" and "not given" are the form's own
# values (actions/forms.py); anything else the person typed is shown as they typed it.
READABLE: dict[str, dict[str, dict[str, str]]] = {
    STANDARD: {
        "already_complained": {"no": "No", "waiting": "Yes, no answer yet", "answered": "Yes, got an answer"},
        "complainant": {"self": "Me", "on_behalf": "Someone else", "parent_of_child": "My child"},
        "contact_method": {"phone": "Phone", "email": "Email", "text": "Text message", "letter": "Letter", "none": "Not now"},
        "accessibility_needs": {"none": "Nothing"},
    },
    EASY_READ: {},
    YOUNG_PERSON: {},
    WELSH: {
        "already_complained": {"no": "Nac ydw", "waiting": "Ydw, dim ateb eto", "answered": "Ydw, ces i ateb"},
        "complainant": {"self": "Fi", "on_behalf": "Rhywun arall", "parent_of_child": "Fy mhlentyn"},
        "contact_method": {"phone": "Ffôn", "email": "E-bost", "text": "Neges destun", "letter": "Llythyr", "none": "Dim nawr"},
        "accessibility_needs": {"none": "Dim byd"},
        "*": {"not known": "Ddim yn gwybod", "not given": "Heb ei roi"},
    },
}


def mode(language: Optional[str] = STANDARD, audience: Optional[str] = None) -> str:
    """Welsh whatever the audience; otherwise Easy Read, young person or standard English."""
    if language == WELSH:
        return WELSH
    return audience if audience in (EASY_READ, YOUNG_PERSON) else STANDARD


def _fallbacks(language: Optional[str], audience: Optional[str]) -> tuple[str, ...]:
    chosen = mode(language, audience)
    return (chosen, STANDARD) if chosen != STANDARD else (STANDARD,)


def question(slot: str, language: Optional[str] = STANDARD, audience: Optional[str] = None) -> dict[str, Any]:
    """Keyword arguments for `dispatcher.utter_message` that ask for `slot`."""
    entry = next(QUESTIONS[m][slot] for m in _fallbacks(language, audience) if slot in QUESTIONS[m])
    buttons = [{"title": title, "payload": payload} for title, payload in entry.get("buttons", [])]
    return {"text": entry["text"], **({"buttons": buttons} if buttons else {})}


def feedback(key: str, language: Optional[str] = STANDARD, audience: Optional[str] = None) -> str:
    """One of the form's short replies to an answer, in the person's language and mode."""
    return next(FEEDBACK[m][key] for m in _fallbacks(language, audience) if key in FEEDBACK[m])


def label(slot: str, language: Optional[str] = STANDARD, audience: Optional[str] = None) -> str:
    """The summary's name for an answer (also the title of the button that changes it)."""
    return next(LABELS[m][slot] for m in _fallbacks(language, audience) if slot in LABELS[m])


def readable(slot: str, value: str, language: Optional[str] = STANDARD, audience: Optional[str] = None) -> str:
    """How a stored answer reads back in the summary."""
    for m in _fallbacks(language, audience):
        table = READABLE[m]
        if value in table.get(slot, {}):
            return table[slot][value]
        if value in table.get("*", {}):
            return table["*"][value]
    return str(value)


def all_texts() -> Iterator[tuple[str, str, str]]:
    """(mode, where, text) for every sentence this module can say: the readability test and the register."""
    for m in MODES:
        for slot, entry in QUESTIONS[m].items():
            yield m, f"form question {slot}", entry["text"]
        for key, text in FEEDBACK[m].items():
            yield m, f"form feedback {key}", text
