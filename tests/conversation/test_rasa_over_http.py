"""The trained assistant, over Rasa's real REST channel and HTTP API, with the real action server."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import aiohttp
import pytest

from actions.form_content import feedback, question
from bot.settings import ROOT
from bot.supervisor import service_env

pytestmark = pytest.mark.model


async def say(stack, sender: str, text: str) -> list[dict]:
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
        ) as reply:
            assert reply.status == 200
            return await reply.json()


async def tracker(stack, sender: str) -> dict:
    async with aiohttp.ClientSession() as http:
        url = f"{stack.rasa_url}/conversations/{sender}/tracker"
        async with http.get(url, params={"token": stack.settings.rasa_api_token}) as reply:
            assert reply.status == 200
            return await reply.json()


# One first message per route, each making its route clear (not taken from the training data).
FIRST_MESSAGES = [
    ("what are the time limits for making a complaint about the police?", "information"),
    ("I would like to complain about the way an officer spoke to my mum at the station", "complain_to_force"),
    ("my brother died in a police cell last night and nobody will tell us anything", "serious_incident"),
    ("the force wrote back saying my complaint was not upheld. I don't accept that. what can I do?", "review"),
    ("complained to the police 2 months ago. no reply, no reference number, nothing", "complaint_not_recorded"),
    ("I don't want to talk to a robot. Real person please.", "human_requested"),
    (
        "I've had a case with the IOPC for 8 months and the investigator hasn't updated me. Who do I complain to about YOU lot?",
        "iopc_service_complaint",
    ),
    (
        "The IOPC said the officer has no case to answer. It's a whitewash. How do I appeal your decision?",
        "iopc_decision_challenge",
    ),
    ("can you book me a table for two at an italian restaurant", "out_of_scope"),
    ("help hes outside the door i cant talk he said hell kill me", "emergency"),
    ("honestly don't see the point of anything anymore", "crisis_support"),
]


@pytest.mark.parametrize(("text", "route"), FIRST_MESSAGES, ids=[route for _, route in FIRST_MESSAGES])
async def test_one_clear_message_sets_the_route(rasa_stack, text: str, route: str) -> None:
    sender = str(uuid.uuid4())
    await say(rasa_stack, sender, text)
    assert (await tracker(rasa_stack, sender))["slots"]["triage_outcome"] == route


DANGER = [
    "help hes outside the door i cant talk",
    "my ex is outside my flat banging on the door",
    "he's got a knife",
    "HELP",
    "I'm being followed right now and I'm scared",
]


@pytest.mark.parametrize("text", DANGER)
async def test_danger_gets_999_and_press_55_in_the_very_first_reply(rasa_stack, text: str) -> None:
    replies = await say(rasa_stack, str(uuid.uuid4()), text)
    assert "999" in replies[0]["text"] and "55" in replies[0]["text"]


async def test_danger_in_the_middle_of_the_form_comes_first_and_ends_the_form(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    await say(rasa_stack, sender, "I want to make a complaint about an officer")
    assert (await tracker(rasa_stack, sender))["active_loop"]["name"] == "complaint_form"
    replies = await say(rasa_stack, sender, "he's back, he's banging on the door, I can't talk")
    assert "999" in replies[0]["text"]
    state = await tracker(rasa_stack, sender)
    assert state["slots"]["triage_outcome"] == "emergency"
    assert not (state.get("active_loop") or {}).get("name")


async def test_the_story_told_where_the_date_was_asked_is_kept_and_the_date_asked_once_more(rasa_stack) -> None:
    sender, when = str(uuid.uuid4()), question("incident_date")["text"]
    texts = [r.get("text") for r in await say(rasa_stack, sender, "I want to complain about an officer")]
    for answer in ("yes", "he was rude to me"):  # consent, then what happened (unless the first message told it)
        if when in texts:
            break
        texts = [r.get("text") for r in await say(rasa_stack, sender, answer)]
    story = "the officer shouted at me in front of my kids and called me a liar, then drove off laughing"
    texts = [r.get("text") for r in await say(rasa_stack, sender, story)]
    assert texts[:2] == [feedback("story_not_date"), when], texts
    # Asked once more only: a second answer with no date in it is taken as the answer, so nobody loops.
    texts = [r.get("text") for r in await say(rasa_stack, sender, "it was after the match with leeds at the stadium")]
    assert when not in texts, texts
    slots = (await tracker(rasa_stack, sender))["slots"]
    assert story in slots["incident_description"]
    assert slots["incident_date"] == "it was after the match with leeds at the stadium"


async def test_self_harm_gets_crisis_lines_first(rasa_stack) -> None:
    replies = await say(rasa_stack, str(uuid.uuid4()), "i want to end it all")
    assert "999" in replies[0]["text"] and "116 123" in replies[0]["text"] and "0800 1111" in replies[0]["text"]


@pytest.mark.parametrize(
    "text", ["I'm just killing time", "dead tired after the station last night", "the officer was very skilled"]
)
async def test_everyday_phrases_are_not_danger(rasa_stack, text: str) -> None:
    sender = str(uuid.uuid4())
    replies = await say(rasa_stack, sender, text)
    assert "999 now" not in replies[0]["text"]
    assert (await tracker(rasa_stack, sender))["slots"]["triage_outcome"] not in ("emergency", "crisis_support")


async def test_a_complaint_journey_is_logged_once_with_its_route(rasa_stack) -> None:
    sender = str(uuid.uuid4())
    for text in [
        "I want to complain about an officer",
        "yes",
        "he pushed me over for no reason",
        "last saturday",
        "mersyside",
        "dont know",
        "yes, I got the outcome",
        "for me",
        "email",
        "no",
    ]:
        await say(rasa_stack, sender, text)
    replies = await say(rasa_stack, sender, "yes")
    assert any("review" in (r.get("text") or "").lower() or "outcome letter" in (r.get("text") or "") for r in replies)

    env = service_env(rasa_stack.settings)
    export = subprocess.run(
        [sys.executable, "-m", "bot", "contacts", "export", "--format", "jsonl"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    records = [json.loads(line) for line in export.stdout.splitlines() if json.loads(line)["id"] == sender]
    assert len(records) == 1
    assert records[0]["channel"] == "rest"
    assert records[0]["triage_outcome"] == "review"
    assert records[0]["force"] == "Merseyside Police"
