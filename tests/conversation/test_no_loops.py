"""No loops, ever: every intent and a set of odd messages, in every dialogue state, on the real model.

Each state is reached once by a real conversation (the form by answering its questions one by one);
its tracker is then copied into a fresh conversation for every message, so each turn starts from
exactly that state, and the 700-odd turns take a minute or two.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass

import aiohttp
import pytest
import yaml
from content.texts import domain_responses

from actions.form_content import question
from bot.domain import load_domain
from bot.settings import ROOT

pytestmark = pytest.mark.model

MAX_MESSAGES_PER_TURN = 6
# Rasa stops a turn after 10 predicted actions and logs this (rasa/core/processor.py, 3.6).
CIRCUIT_BREAKER = "Circuit breaker tripped"
# Rasa answers one message at a time per process: more in flight only keeps it busy on a shared machine.
PARALLEL = 4

ODD_MESSAGES = [
    "yes",
    "no",
    "skip",
    "stop",
    "change",
    "undo",
    "?",
    "7",
    "2024",
    "07700 900123",
    "sam.jones@example.com",
    "Bonjour, je ne sais pas quoi faire, vous pouvez m'aider ?",
    "Dzień dobry, nie rozumiem tej strony.",
    "...",
    "🙂",
    # An unrelated question that sounds like a correction.
    "can I change my car insurance online?",
]

# One real answer per question, in the order the form asks them.
FORM_ANSWERS = [
    ("consent", "yes"),
    ("incident_description", "the officer was rude to me and would not give his name"),
    ("incident_date", "last Saturday"),
    ("force", "Kent"),
    ("people_involved", "skip"),
    ("already_complained", "not yet"),
    ("complainant", "for me"),
    ("contact_method", "email"),
    ("accessibility_needs", "nothing needed"),
]

# The classifier's "I could not place this" labels: only these may get the not-understood reply alone.
NOT_PLACED = {"nlu_fallback", "inform"}


def domain_intents() -> list[str]:
    return load_domain()["intents"]


def first_heldout_examples() -> dict[str, str]:
    """The first held-out example of each intent (entity markup removed)."""
    data = yaml.safe_load((ROOT / "tests" / "nlu" / "heldout.yml").read_text(encoding="utf-8"))["nlu"]
    first: dict[str, str] = {}
    for block in data:
        if "intent" not in block:
            continue
        lines = [line[2:].strip() for line in block["examples"].splitlines() if line.strip().startswith("- ")]
        if lines:
            first.setdefault(block["intent"], re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", lines[0]))
    return first


async def intent_messages(rasa: Rasa) -> list[str]:
    """Every intent as its first held-out example, and as a payload too when the model reads that otherwise."""
    examples = first_heldout_examples()
    messages = []
    for intent in domain_intents():
        if intent in examples:
            messages.append(examples[intent])
            if await rasa.intent_of(examples[intent]) == intent:
                continue
        messages.append(f"/{intent}")
    return messages


NOT_UNDERSTOOD_TEXTS = {variation["text"] for variation in domain_responses()["utter_not_understood"]}


@dataclass
class Rasa:
    """The real Rasa server, over its REST channel and HTTP API."""

    http: aiohttp.ClientSession
    url: str
    token: str

    async def say(self, sender: str, text: str) -> list[dict]:
        async with self.http.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
        ) as reply:
            assert reply.status == 200, await reply.text()
            return await reply.json()

    async def tracker(self, sender: str) -> dict:
        url = f"{self.url}/conversations/{sender}/tracker"
        async with self.http.get(url, params={"token": self.token, "include_events": "ALL"}) as reply:
            assert reply.status == 200
            return await reply.json()

    async def intent_of(self, text: str) -> str | None:
        async with self.http.post(
            f"{self.url}/model/parse", params={"token": self.token}, json={"text": text}
        ) as reply:
            assert reply.status == 200
            return ((await reply.json()).get("intent") or {}).get("name")

    async def copy_to(self, sender: str, events: list[dict]) -> None:
        url = f"{self.url}/conversations/{sender}/tracker/events"
        async with self.http.put(url, params={"token": self.token}, json=events) as reply:
            assert reply.status == 200, await reply.text()


def last_turn(tracker: dict) -> tuple[str | None, list[str]]:
    """The intent of the latest message and the actions Rasa took after it."""
    events = tracker["events"]
    start = max(i for i, e in enumerate(events) if e["event"] == "user")
    intent = ((events[start].get("parse_data") or {}).get("intent") or {}).get("name")
    return intent, [e["name"] for e in events[start:] if e["event"] == "action"]


def latest_bot_action(tracker: dict) -> str | None:
    actions = [e["name"] for e in tracker["events"] if e["event"] == "action" and e["name"] != "action_listen"]
    return actions[-1] if actions else None


def new_sender() -> str:
    return str(uuid.uuid4())  # the one conversation id format (bot/conversation_ids.py)


async def reach_states(rasa: Rasa) -> dict[str, list[dict]]:
    """Every dialogue state, each as the events of a real conversation that got there."""
    states: dict[str, list[dict]] = {"first message": []}
    sender = new_sender()
    await rasa.say(sender, "/make_complaint")
    for slot, answer in FORM_ANSWERS:
        tracker = await rasa.tracker(sender)
        assert tracker["slots"]["requested_slot"] == slot, (
            f"expected the {slot} question, but the bot's last step was {latest_bot_action(tracker)}"
        )
        states[f"form question: {slot}"] = tracker["events"]
        await rasa.say(sender, answer)
    tracker = await rasa.tracker(sender)
    assert latest_bot_action(tracker) == "utter_summary_question", (
        f"answering {FORM_ANSWERS[-1][1]!r} to the last question led to {latest_bot_action(tracker)}, not the summary"
    )
    states["summary"] = tracker["events"]

    async def state_after(events: list[dict], messages: tuple[str, ...], last_action: str) -> list[dict]:
        sender = new_sender()
        if events:
            await rasa.copy_to(sender, events)
        for text in messages:
            await rasa.say(sender, text)
        tracker = await rasa.tracker(sender)
        assert latest_bot_action(tracker) == last_action, f"{messages} ended with {latest_bot_action(tracker)}"
        return tracker["events"]

    # After the complaint is saved: yes and no mean something else here.
    states["offered a person after the next steps"] = await state_after(
        states["summary"], ("yes",), "utter_offer_human"
    )
    states["queued for a person"] = await state_after([], ("/request_human",), "utter_handoff_alternatives")
    states["after goodbye"] = await state_after([], ("/greet", "/goodbye"), "utter_goodbye")
    return states


async def problems_in_turn(rasa: Rasa, events: list[dict], message: str) -> tuple[list[str], str]:
    """Sends `message` in a copy of the state `events`; returns what went wrong, and what happened."""
    sender = new_sender()
    if events:
        await rasa.copy_to(sender, events)
    replies = await rasa.say(sender, message)
    intent, actions = last_turn(await rasa.tracker(sender))
    texts = [r["text"] for r in replies if r.get("text")]
    problems = []
    if not replies:
        problems.append("no reply at all")
    if len(replies) > MAX_MESSAGES_PER_TURN:
        problems.append(f"{len(replies)} messages in one turn")
    if len(set(texts)) < len(texts):
        problems.append("the same text twice in one turn")
    if not actions or actions[-1] != "action_listen":
        problems.append(f"circuit breaker tripped after {len(actions)} actions")
    if intent not in NOT_PLACED and texts and set(texts) <= NOT_UNDERSTOOD_TEXTS:
        problems.append("a known intent got only the not-understood reply")
    shown = " | ".join(t[:60].replace("\n", " ") for t in texts)
    return problems, f"({intent}) actions {actions[:-1]}; said: {shown}"


async def one_turn(rasa: Rasa, state: str, events: list[dict], message: str) -> list[str]:
    """Sends `message` in `state`; returns what went wrong in that turn (nothing, ideally)."""
    problems, happened = await problems_in_turn(rasa, events, message)
    if problems:
        # Dialogue faults repeat; a dropped connection to the action server (seen on a busy machine)
        # does not, and is not what this test is about. So a bad turn counts only if it happens twice.
        problems, happened = await problems_in_turn(rasa, events, message)
    return [f"[{state}] {message[:50]!r} {happened}: {', '.join(problems)}"] if problems else []


def circuit_breaker_count(log_dir) -> int:
    log = log_dir / "rasa.log"
    return log.read_text(errors="replace").count(CIRCUIT_BREAKER) if log.exists() else 0


async def test_no_message_in_any_state_loops_repeats_itself_or_floods(rasa_stack) -> None:
    tripped_before = circuit_breaker_count(rasa_stack.log_dir)
    limit = asyncio.Semaphore(PARALLEL)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        rasa = Rasa(http, rasa_stack.rasa_url, rasa_stack.settings.rasa_api_token)
        states = await reach_states(rasa)
        messages = await intent_messages(rasa) + ODD_MESSAGES

        async def limited(state: str, events: list[dict], message: str) -> list[str]:
            async with limit:
                return await one_turn(rasa, state, events, message)

        results = await asyncio.gather(
            *(limited(state, events, message) for state, events in states.items() for message in messages)
        )
    problems = [line for result in results for line in result]
    assert not problems, f"{len(problems)} bad turns of {len(results)}:\n" + "\n".join(problems)
    assert circuit_breaker_count(rasa_stack.log_dir) == tripped_before, "Rasa logged that its circuit breaker tripped"


def standard(name: str) -> str:
    (variation,) = [v for v in domain_responses()[name] if not v.get("condition")]
    return variation["text"]


async def test_changing_an_answer_before_giving_any_says_how_and_carries_on(rasa_stack) -> None:
    async with aiohttp.ClientSession() as http:
        rasa = Rasa(http, rasa_stack.rasa_url, rasa_stack.settings.rasa_api_token)
        sender = new_sender()
        replies = await rasa.say(sender, "/change_answer")
        assert replies[0]["text"] == standard("utter_how_to_change_answers") and replies[-1].get("buttons")

        await rasa.say(sender, "/make_complaint")
        replies = await rasa.say(sender, "/change_answer")
        assert replies[0]["text"] == standard("utter_how_to_change_answers")
        assert (await rasa.tracker(sender))["slots"]["requested_slot"] == "consent"
        assert replies[-1]["text"] == question("consent")["text"]


async def test_undo_in_the_form_asks_the_last_question_again(rasa_stack) -> None:
    async with aiohttp.ClientSession() as http:
        rasa = Rasa(http, rasa_stack.rasa_url, rasa_stack.settings.rasa_api_token)
        sender = new_sender()
        for text in ("/make_complaint", "yes", "an officer swore at me", "last week"):
            await rasa.say(sender, text)
        replies = await rasa.say(sender, "undo")
        tracker = await rasa.tracker(sender)
        assert tracker["slots"]["requested_slot"] == "incident_date" and tracker["slots"]["incident_date"] is None
        assert replies[-1]["text"] == question("incident_date")["text"]


@pytest.mark.parametrize("payload", ["/affirm", "/deny"])
async def test_yes_or_no_out_of_the_blue_gives_the_options(rasa_stack, payload: str) -> None:
    async with aiohttp.ClientSession() as http:
        rasa = Rasa(http, rasa_stack.rasa_url, rasa_stack.settings.rasa_api_token)
        replies = await rasa.say(new_sender(), payload)
        assert any(r.get("buttons") for r in replies)
