"""A flood of wrong staff sign-ins does not stop a member of the public being answered.

The real gateway, the real web channel over a websocket, and the real Rasa and action server (the
`rasa_stack` fixture). bench/signin_flood.py measures the chat latency in the same situation.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import pytest

from .conftest import Console, Person, StaffClient

pytestmark = pytest.mark.model

FLOOD = 60
TURNS = ("hello", "I want to complain about a police officer", "how long do I have to complain?", "thank you")


async def answered(person: Person, text: str) -> dict[str, Any]:
    """Send `text` and wait for the first reply to it from the assistant (or the gateway)."""
    before = {f.get("id") for f in person.frames if f["type"] == "message"}
    await person.say(text)
    echo = await person.until(
        lambda f: f["type"] == "message" and f["author"] == "user" and f["text"] == text and f["id"] not in before,
        timeout=60,
    )
    return await person.until(
        lambda f: f["type"] == "message" and f["author"] in ("bot", "system") and f["id"] > echo["id"], timeout=60
    )


async def test_every_chat_turn_is_answered_while_sixty_wrong_sign_ins_arrive_at_once(live: Console) -> None:
    username = f"flood.{secrets.token_hex(4)}"  # the stack's database is shared by the whole session
    live.add_staff(username, "Sam Jones")
    guessers: list[StaffClient] = [await live.staff() for _ in range(FLOOD)]
    for guesser in guessers:
        await guesser.page("/staff/login")
    person = await live.person()

    async def flood() -> list[int]:
        # Sixty different usernames from one address: no per-account wait applies, so only the
        # bounded password checks stand between the flood and the public's share of the machine.
        responses = await asyncio.gather(
            *(
                g.post("/staff/login", {"username": f"guess.{i}", "password": "not the password"})
                for i, g in enumerate(guessers)
            )
        )
        return [r.status for r in responses]

    async def chat() -> list[dict[str, Any]]:
        return [await answered(person, text) for text in TURNS]

    flooding = asyncio.ensure_future(flood())
    replies, statuses = await asyncio.gather(chat(), flooding)

    assert len(replies) == len(TURNS) and all(r["text"] for r in replies)
    assert set(statuses) <= {401, 429}, statuses
    # Whoever is turned away is told why (429), and the real member of staff still gets in.
    assert (await (await live.staff(source="127.0.0.2")).login(username)).status == 303
