"""What the complaint form says: its questions, its feedback on answers, and its summary labels.

Everything else the assistant says lives in domain.yml. The form's own words live here because a
form asks its questions itself, and Rasa's validator only counts a response as used when a rule or
story names it. docs/content-register.md and the readability test cover this module too.

Each text comes in up to four modes, like the responses in domain.yml: standard English ("en"),
Easy Read ("easy_read"), young people ("young_person", only where the words differ) and Welsh
("cy", whatever the audience). `mode()` picks one; a young person gets standard English wherever
there is no young variant. One voice, "we", as in domain.yml. Welsh form controls are Welsh words
("hepgor" for skip; actions/forms.py accepts them). All Welsh must be reviewed by a Welsh speaker.
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
            "text": "First, can we save your answers? Then a person on our team can see them, so you do not have to "
            "say it all again. We keep them for up to 90 days.",
            "buttons": [("Yes, save them", "yes"), ("No, do not save them", "no")],
        },
        "incident_description": {"text": "What happened? Tell us in your own words. A few lines is fine."},
        "incident_date": {"text": "When did it happen? A rough date is fine, like 'last May'."},
        "force": {"text": "Which police force was it? If you do not know, tell us the town or area."},
        "people_involved": {
            "text": "Do you know who was involved? For example, an officer's name or number. Type 'skip' if you do not know."
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
        "force": {"text": "Which police force was it? If you do not know, tell us the town."},
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
        "incident_description": {"text": "What happened? Tell us in your own words. You do not have to tell us everything."},
        "people_involved": {
            "text": "Do you know who was involved? For example, an officer's name or the number on their uniform. "
            "Type 'skip' if you do not know."
        },
    },
    WELSH: {
        "consent": {
            "text": "Yn gyntaf, gawn ni gadw eich atebion fel cofnod? Wedyn gall person o'n tîm eu gweld, felly fydd dim "
            "rhaid i chi ddweud y cyfan eto. Rydym yn eu cadw am hyd at 90 diwrnod.",
            "buttons": [("Cewch, cadwch nhw", "yes"), ("Na, peidiwch", "no")],
        },
        "incident_description": {"text": "Beth ddigwyddodd? Dywedwch wrthym ni yn eich geiriau eich hun. Mae ychydig o linellau'n iawn."},
        "incident_date": {"text": "Pryd ddigwyddodd hyn? Mae dyddiad bras yn iawn, fel 'mis Mai diwethaf'."},
        "force": {"text": "Pa heddlu oedd e? Os nad ydych chi'n gwybod, dywedwch enw'r dref neu'r ardal."},
        "people_involved": {
            "text": "Ydych chi'n gwybod pwy oedd yn rhan o hyn? Er enghraifft, enw neu rif swyddog. "
            "Teipiwch 'hepgor' os nad ydych chi'n gwybod."
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
            "text": "Oes angen unrhyw beth arnoch chi i'w gwneud hi'n haws cysylltu? Er enghraifft, galwadau ffôn, "
            "cyfieithydd, neu fwy o amser.",
            "buttons": [("Dim diolch", "nothing needed")],
        },
    },
}

FEEDBACK: dict[str, dict[str, str]] = {
    STANDARD: {
        "please_choose": "Sorry, we did not get that. Please pick one of the options, or type skip.",
        "consent_unclear": "Sorry, we did not get that. Can we save your answers? Please say yes or no.",
        # Consent decides only whether the answers are kept as a record: the chat itself is kept anyway.
        "no_consent": "That is fine. We will not keep your answers as a record. Like every chat, this chat is still "
        "kept for up to 90 days. We can still tell you what to do next.",
        "older_than_a_year": "That was over a year ago. You can still complain. It helps to say why it took longer.",
        # An unmatched answer is never read back: the force is noted as not known (staff can read the chat).
        "force_not_found": "Thanks. We do not know that name, so we will put the force as not known. That is fine.",
        "chief_officer": "Is it about a chief constable (the head of a force)? Then it usually goes to the local "
        "Police and Crime Commissioner (or mayor), not the force. We have noted that.",
        "written_permission": "Thanks. Are they 16 or over? Then you will usually need their written permission to "
        "complain for them.",
        "child_permission": "Thanks. If your child is 16 or 17, you will usually need their written permission. "
        "For a child under 16, you usually do not.",
        "summary_intro": "Here is what you told us:",
        "what_to_change": "What would you like to change?",
    },
    EASY_READ: {
        "please_choose": "Sorry, we did not get that. Please pick a button. Or type skip.",
        "consent_unclear": "Sorry, we did not get that. Can we save your answers? Please say yes or no.",
        "no_consent": "That is OK. We will not keep your answers. We still keep this chat for up to 90 days, like all "
        "chats. We can still tell you what to do next.",
        "older_than_a_year": "That was more than a year ago. You can still complain. Say why it took a while.",
        "force_not_found": "Thanks. We do not know that name. That is OK.",
        "chief_officer": "Is it about the boss of the police force? Then it goes to the person who is voted in to "
        "check on that boss. We have put that down.",
        "written_permission": "Thanks. Are they 16 or older? Then you will most likely need a written yes from them.",
        "child_permission": "Thanks. Is your child 16 or 17? Then you will most likely need a written yes from them.",
        "summary_intro": "This is what you told us:",
        "what_to_change": "What do you want to change?",
    },
    YOUNG_PERSON: {},
    WELSH: {
        "please_choose": "Mae'n ddrwg gennym, doedden ni ddim yn deall. Dewiswch un o'r opsiynau, neu teipiwch 'hepgor'.",
        "consent_unclear": "Mae'n ddrwg gennym, doedden ni ddim yn deall. Gawn ni gadw eich atebion? Dywedwch ie neu na.",
        "no_consent": "Mae hynny'n iawn. Wnawn ni ddim cadw eich atebion fel cofnod. Fel pob sgwrs, mae'r sgwrs hon yn "
        "dal i gael ei chadw am hyd at 90 diwrnod. Gallwn ddweud wrthych chi beth i'w wneud nesaf o hyd.",
        "older_than_a_year": "Roedd hynny dros flwyddyn yn ôl. Gallwch chi gwyno o hyd. Mae'n help dweud pam cymerodd hi fwy o amser.",
        "force_not_found": "Diolch. Dydyn ni ddim yn adnabod yr enw hwnnw, felly byddwn ni'n nodi nad ydyn ni'n gwybod "
        "pa heddlu oedd e. Mae hynny'n iawn.",
        "chief_officer": "Mae cwyn am brif gwnstabl (pennaeth heddlu) fel arfer yn mynd at y Comisiynydd Heddlu a "
        "Throseddu lleol (neu'r maer), nid at yr heddlu. Rydym wedi nodi hynny.",
        "written_permission": "Diolch. Os ydyn nhw'n 16 oed neu'n hŷn, fel arfer bydd angen eu caniatâd ysgrifenedig "
        "arnoch chi i gwyno ar eu rhan.",
        "child_permission": "Diolch. Os yw eich plentyn yn 16 neu'n 17 oed, fel arfer bydd angen eu caniatâd "
        "ysgrifenedig arnoch chi. Does dim angen hyn fel arfer ar gyfer plentyn dan 16 oed.",
        "summary_intro": "Dyma beth ddywedoch chi wrthym ni:",
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
