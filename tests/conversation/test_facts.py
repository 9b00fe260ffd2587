"""Each fact issue 11 corrected, asked in everyday words (English and Welsh) of the real assistant.

The trained model, the action server and Rasa run for real (`rasa_stack`); each question is a new
conversation. A failure names the intent the model predicted, so a wrong guess by the classifier can
be told apart from a wrong answer.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import aiohttp
import pytest

from actions.conversation import DETAIL_LINES, DOMESTIC_ABUSE_LINE
from vocabulary.signals.age import says_under_18

pytestmark = pytest.mark.model


@dataclass(frozen=True)
class Turn:
    """What the assistant said, and what it understood."""

    replies: list[str]
    intent: str
    slots: dict

    @property
    def text(self) -> str:
        return "\n".join(self.replies)


async def ask(stack, text: str, sender: str | None = None) -> Turn:
    sender = sender or str(uuid.uuid4())
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
        ) as reply:
            assert reply.status == 200
            replies = [item.get("text") or "" for item in await reply.json()]
        url = f"{stack.rasa_url}/conversations/{sender}/tracker"
        async with http.get(url, params={"token": stack.settings.rasa_api_token}) as reply:
            tracker = await reply.json()
    intent = ((tracker.get("latest_message") or {}).get("intent") or {}).get("name") or "?"
    return Turn(replies, intent, tracker["slots"])


def says(turn: Turn, *patterns: str) -> None:
    """Every pattern appears in what was said (case-insensitive), or the failure shows the intent."""
    missing = [p for p in patterns if not re.search(p, turn.text, re.I)]
    assert not missing, f"missing {missing}; predicted intent {turn.intent!r}; replies: {turn.replies}"


def never_says(turn: Turn, *patterns: str) -> None:
    found = [p for p in patterns if re.search(p, turn.text, re.I)]
    assert not found, f"said {found}; predicted intent {turn.intent!r}; replies: {turn.replies}"


# --- Complaining for someone else: written permission from 16 -------------------------------------


async def test_complaining_for_a_friend_needs_their_written_permission(rasa_stack) -> None:
    turn = await ask(rasa_stack, "am I allowed to make a complaint for my friend? the police treated him badly")
    says(turn, r"16 or over", r"written permission", r"parent or guardian.*under 16.*usually does not")


async def test_welsh_complaining_for_a_friend_needs_their_written_permission(rasa_stack) -> None:
    turn = await ask(rasa_stack, "Ga i gwyno ar ran fy ffrind? Mae'r heddlu wedi ei drin e'n wael")
    says(turn, r"16 oed", r"caniatâd ysgrifenedig", r"riant neu warcheidwad")


# --- Never in writing: a complaint need not be written ------------------------------------------


@pytest.mark.parametrize(
    "text",
    # Round 45: the first was answered with what we keep of the chat (`ask_privacy`). Written for this test.
    ["do i need to write it all down?", "does a complaint have to be in writing or can i just ring them"],
)
async def test_asked_whether_it_must_be_written_the_answer_is_no(rasa_stack, text: str) -> None:
    turn = await ask(rasa_stack, text)
    says(turn, r"do not have to write it down", r"phone")
    never_says(turn, r"must (?:be )?(?:in )?writ", r"have to write it(?! down)")


# --- After a death: the serious case, not a complaint the force deals with ---------------------------


async def test_a_bereaved_familys_question_about_the_investigation_gets_the_serious_route(rasa_stack) -> None:
    # Round 45: a mother's question got "we cannot talk about things still going on. Rumours can be wrong".
    turn = await ask(
        rasa_stack,
        "My daughter died on Saturday after a police van hit her. They say the IOPC is looking at it. What really happened?",
    )
    assert turn.slots["triage_outcome"] == "serious_incident", turn
    says(turn, r"sorry")
    never_says(turn, r"rumour")


async def test_after_a_death_what_happens_next_and_charges_are_about_the_serious_case(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    first = await ask(rasa_stack, "my brother died after the police restrained him last week", sender)
    assert first.slots["triage_outcome"] == "serious_incident", first
    turn = await ask(rasa_stack, "how long until we find out what happened", sender)
    says(turn, r"coroner", r"cannot say how long")
    never_says(turn, r"look at your complaint")
    turn = await ask(rasa_stack, "will the officers be charged", sender)
    says(turn, r"Crown Prosecution Service", r"No one can promise")
    never_says(turn, r"a sorry")


async def test_after_a_death_and_a_crisis_the_questions_are_still_about_the_death(rasa_stack) -> None:
    # Tester-d §10, a bereaved mother: after the crisis lines, "will there be an inquest" got the force's process.
    sender = str(uuid.uuid4())
    await ask(rasa_stack, "My son died last Tuesday after a police car chased him on his motorbike", sender)
    crisis = await ask(rasa_stack, "i cant stop crying. i dont want to be here without him", sender)
    assert crisis.slots["triage_outcome"] == "crisis_support", crisis
    turn = await ask(rasa_stack, "will there be an inquest", sender)
    says(turn, r"coroner")
    never_says(turn, r"look at your complaint")


# --- Reviews: usually, 28 days from the day after the letter, the letter says who -----------------


async def test_a_review_is_usually_possible_within_28_days_of_the_letter(rasa_stack) -> None:
    turn = await ask(
        rasa_stack, "the police wrote to say my complaint was not upheld. can I get someone to look at it again?"
    )
    says(turn, r"usually ask for a review", r"28 days", r"day after the date on the letter", r"who will do the review")
    never_says(turn, r"act soon")


async def test_welsh_a_review_is_usually_possible_within_28_days_of_the_letter(rasa_stack) -> None:
    turn = await ask(rasa_stack, "Dw i ddim yn hapus gyda chanlyniad fy nghwyn. Alla i ofyn i rywun edrych arno eto?")
    says(turn, r"fel arfer", r"adolygiad", r"28 diwrnod", r"diwrnod ar ôl y dyddiad ar y llythyr")


async def test_who_does_the_review_gets_its_own_answer_not_the_same_block_again(rasa_stack) -> None:
    """Round 45's tester asked three times and heard "This is the same answer as before"."""
    sender = str(uuid.uuid4())
    await ask(
        rasa_stack,
        "the police wrote to say my complaint was not upheld. can I get someone to look at it again?",
        sender,
    )
    turn = await ask(rasa_stack, "thats not an answer. who does the review", sender)
    says(turn, re.escape(DETAIL_LINES["review_body"]["en"]))
    never_says(turn, r"same answer as before")


# --- Money for damage and council matters: never promised, signposted (register #24d, #31a) ----------------


async def test_money_for_a_broken_door_is_never_promised(rasa_stack) -> None:
    turn = await ask(
        rasa_stack, "they smashed my front door in at the wrong address. will they have to pay for the door?"
    )
    says(turn, re.escape(DETAIL_LINES["compensation"]["en"]))
    never_says(turn, r"you will get", r"they will pay")


async def test_a_council_wardens_parking_ticket_is_signposted_to_the_council(rasa_stack) -> None:
    turn = await ask(rasa_stack, "is a council parking warden police staff? i got a £70 ticket")
    says(turn, re.escape(DETAIL_LINES["council_parking"]["en"]))
    never_says(turn, r"press 55", r"urgent")


# --- A support worker, and a force's own number (register #24e, #29a) --------------------------------------


async def test_a_support_worker_question_is_answered_not_only_the_permission_rule(rasa_stack) -> None:
    """Round 45's tester with a learning disability heard only about "a written yes"."""
    turn = await ask(rasa_stack, "can my support worker do it for me")
    says(turn, re.escape(DETAIL_LINES["support_worker"]["en"]))


async def test_a_forces_own_number_is_not_ours_and_not_the_emergency_line(rasa_stack) -> None:
    turn = await ask(rasa_stack, "how do I contact West Midlands Police about it, have you got a number or link?")
    says(turn, re.escape(DETAIL_LINES["contact_force"]["en"]))
    never_says(turn, r"press 55")


# --- Afraid of what happens to someone who complains (register #24f, brief M07) ----------------------------


async def test_fear_of_being_got_back_at_is_answered_honestly_in_the_questions_too(rasa_stack) -> None:
    """Round 45's testers: "what if he gets back at me" got "a sorry", "will his force see it" the privacy block; and
    "thats what im scared of", said in the questions, was taken for danger (round 48)."""
    turn = await ask(rasa_stack, "what if he gets back at me for complaining")
    says(turn, re.escape(DETAIL_LINES["repercussions"]["en"]))
    never_says(turn, r"press 55")
    sender = str(uuid.uuid4())
    await ask(rasa_stack, "i want to make a complaint about a police officer. its my partner", sender)
    turn = await ask(rasa_stack, "wait, does the complaint go to his force? thats what im scared of", sender)
    says(turn, re.escape(DETAIL_LINES["repercussions"]["en"]), r"can we save your answers")


async def test_whether_officers_get_in_trouble_is_the_outcomes_answer_not_privacy(rasa_stack) -> None:
    turn = await ask(rasa_stack, "ok. will the officers get in trouble for tasering me?")
    says(turn, r"No one can promise a result")
    never_says(turn, r"our staff can read it")


# --- A complaint never answered: not only the time limit (register #25) ---------------------------------


async def test_a_complaint_never_answered_is_not_only_a_time_limit(rasa_stack) -> None:
    """Round 45's tester said twice she had complained two years ago and heard nothing, and got only the time limit."""
    turn = await ask(rasa_stack, "I made a complaint 2 years ago and never heard back, is it too late?")
    says(turn, r"not need to start again")


# --- Abuse at home: the helpline, once, after any 999 reply ------------------------------------------


async def test_abuse_at_home_hears_the_helpline_once_after_any_999_reply(rasa_stack) -> None:
    sender, line = str(uuid.uuid4()), DOMESTIC_ABUSE_LINE["en"]
    turn = await ask(
        rasa_stack,
        "my partner is a copper and hes been hitting me and controlling everything for 2 years. who do i tell",
        sender,
    )
    assert line in turn.replies, turn
    said_999 = [i for i, r in enumerate(turn.replies) if "999" in r]
    assert not said_999 or said_999[0] < turn.replies.index(line), "999 must come before anything else"
    again = await ask(rasa_stack, "how do i complain about my partner, he keeps hitting me", sender)
    assert line not in again.replies, "once a conversation is enough"
    calm = await ask(rasa_stack, "my partner was stopped and searched by the police for no reason")
    assert line not in calm.replies, calm


# --- Chief constables: the Police and Crime Commissioner -----------------------------------------


async def test_a_complaint_about_the_chief_constable_goes_to_the_police_and_crime_commissioner(rasa_stack) -> None:
    turn = await ask(rasa_stack, "how do I complain about the chief constable?")
    says(turn, r"chief constable\? That is the head of a police force", r"Police and Crime Commissioner", r"elected")


async def test_how_to_complain_names_chief_constables_only_when_asked_about_one(rasa_stack) -> None:
    turn = await ask(rasa_stack, "how do I make a complaint about a police officer?")
    says(turn, r"police force involved")
    never_says(turn, r"chief constable", r"Police and Crime Commissioner")


async def test_welsh_a_complaint_about_the_chief_constable_goes_to_the_commissioner(rasa_stack) -> None:
    turn = await ask(rasa_stack, "Sut ydw i'n cwyno am y prif gwnstabl?")
    says(turn, r"brif gwnstabl", r"Comisiynydd Heddlu a Throseddu")


async def test_the_form_sends_a_chief_constable_complaint_to_the_commissioner(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    seen: list[str] = []
    for text in [
        "I want to make a complaint about the chief constable of Kent Police, he was rude to me at a public meeting",
        "yes",
        "last month",
        "kent",
    ]:
        seen += (await ask(rasa_stack, text, sender)).replies
    said = "\n".join(seen)
    assert re.search(r"chief constable.*usually goes to the local Police and Crime Commissioner", said), seen
    for text in ["skip", "not yet", "for me", "email", "nothing needed"]:
        seen += (await ask(rasa_stack, text, sender)).replies
    final = await ask(rasa_stack, "yes", sender)
    says(final, r"complain to the Police and Crime Commissioner \(or mayor\) for Kent Police")


# --- What the IOPC does: standards and guidance; the online form passes the complaint on ----------


async def test_the_iopc_sets_standards_and_guidance_not_the_rules(rasa_stack) -> None:
    turn = await ask(rasa_stack, "what does the IOPC actually do?")
    says(turn, r"standards and guidance", r"not the police")
    never_says(turn, r"sets the rules")


async def test_welsh_the_iopc_sets_standards_and_guidance(rasa_stack) -> None:
    turn = await ask(rasa_stack, "Beth mae'r IOPC yn ei wneud?")
    says(turn, r"safonau", r"canllawiau")
    never_says(turn, r"rheolau")


async def test_a_complaint_made_on_our_website_is_passed_to_the_force(rasa_stack) -> None:
    turn = await ask(rasa_stack, "how do I make a complaint about a police officer?")
    says(turn, r"www\.policeconduct\.gov\.uk", r"pass it to the police force")


async def test_welsh_a_complaint_made_on_our_website_is_passed_to_the_force(rasa_stack) -> None:
    turn = await ask(rasa_stack, "Sut mae gwneud cwyn am swyddog heddlu?")
    says(turn, r"www\.policeconduct\.gov\.uk", r"hanfon at yr heddlu")


# --- The Silent Solution (the words are in vocabulary/safety/danger.py, issue 15) ------------------------


async def test_someone_who_cannot_speak_hears_the_silent_solution_first(rasa_stack) -> None:
    turn = await ask(rasa_stack, "he is in the house and i cant speak, he will hear me")
    first = turn.replies[0]
    assert re.search(r"call 999 and listen", first, re.I) and re.search(r"cough or tap", first, re.I), turn.replies
    assert re.search(r"press 55 when asked", first, re.I), turn.replies


async def test_welsh_someone_in_danger_hears_the_silent_solution_first(rasa_stack) -> None:
    turn = await ask(rasa_stack, "Helpwch fi, mae e yn y tŷ a dw i mewn perygl")
    first = turn.replies[0]
    assert "999" in first and "55" in first and re.search(r"gwrand", first), turn.replies


# --- No promises we cannot keep ----------------------------------------------------------------


async def test_the_chat_is_kept_whatever_the_person_answers(rasa_stack) -> None:
    turn = await ask(rasa_stack, "do you keep what I type in here?")
    says(turn, r"90 days", r"only if you say yes")
    sender = str(uuid.uuid4())
    await ask(rasa_stack, "I want to complain about an officer who was rude to me", sender)
    no = await ask(rasa_stack, "no", sender)
    says(no, r"will not keep your answers as a record", r"still kept for up to 90 days")
    stopped = await ask(rasa_stack, "stop", sender)
    never_says(stopped, r"nothing else will be saved", r"won'?t save")


async def test_welsh_the_chat_is_kept_whatever_the_person_answers(rasa_stack) -> None:
    turn = await ask(rasa_stack, "Ydych chi'n cadw beth dw i'n ei deipio yma?")
    says(turn, r"90 diwrnod", r"dweud ie")


async def test_a_complaint_nobody_answered_gets_help_deciding_not_a_promise(rasa_stack) -> None:
    turn = await ask(
        rasa_stack, "I complained to the police 3 months ago and they never replied or gave me a reference"
    )
    says(turn, r"should not need to start again", r"help you decide what to do next")
    never_says(turn, r"follow (?:this|it) up with the police")


async def test_welsh_a_complaint_nobody_answered_gets_help_deciding(rasa_stack) -> None:
    turn = await ask(rasa_stack, "Wnes i gwyno i'r heddlu dri mis yn ôl a does dim ateb wedi dod o gwbl")
    says(turn, r"dechrau eto", r"benderfynu beth i'w wneud nesaf")
    never_says(turn, r"mynd ar drywydd")


# --- Sexual misconduct by an officer --------------------------------------------------------------


async def test_sexual_misconduct_by_an_officer_is_named_with_999_and_no_need_to_contact_the_force(rasa_stack) -> None:
    turn = await ask(
        rasa_stack, "the officer who took my statement has been sending me sexual messages and wants to meet up"
    )
    says(
        turn,
        r"sexual misconduct by an officer",
        r"contacting you now and you feel unsafe, call 999",
        r"do not need to contact that police force yourself",
    )


async def test_welsh_sexual_misconduct_by_an_officer_is_named_with_999(rasa_stack) -> None:
    turn = await ask(rasa_stack, "Mae'r swyddog heddlu a gymerodd fy natganiad yn anfon negeseuon rhywiol ata i")
    says(turn, r"camymddwyn rhywiol", r"999", r"(?:ch|c)ysylltu â'r heddlu hwnnw eich hun")


# --- Who is speaking ---------------------------------------------------------------------------------


async def test_the_opening_says_who_we_are_in_one_voice(rasa_stack) -> None:
    turn = await ask(rasa_stack, "what can I complain about?")
    says(turn, r"the IOPC's automated helper", r"police complaints watchdog, not the police")
    never_says(turn, r"\bI'm\b|\bI am\b|\bI can\b")


async def test_welsh_the_opening_says_who_we_are(rasa_stack) -> None:
    turn = await ask(rasa_stack, "Helo, beth alla i gwyno amdano?")
    says(turn, r"Cynorthwyydd awtomatig yr IOPC", r"nid yr heddlu")


# --- Only the writer's own age makes replies young-person ----------------------------------------


@pytest.mark.parametrize(
    ("text", "young"),
    [
        ("my 15 year old son was stopped and searched outside school", False),
        ("my daughter is only 14", False),
        ("he's 16 years old", False),
        ("im 15 and they searched me", True),
        ("dw i'n 15 oed", True),
        ("mae fy mab yn 15 oed", False),
    ],
)
def test_only_ages_the_writer_gives_about_themselves_count(text: str, young: bool) -> None:
    assert says_under_18(text) is young


async def test_a_parent_writing_about_their_15_year_old_gets_the_standard_replies(rasa_stack) -> None:
    turn = await ask(rasa_stack, "my 15 year old son was strip searched by police at the station without me there")
    assert turn.slots["audience"] is None, f"young-person mode for a parent; intent {turn.intent!r}"
    never_says(turn, r"You were right to ask")
