"""One anonymous client cannot bury anyone else's emergency: the queue is fair between sources, and
several requests from one source are shown to staff as such."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import update

from bot.console import queries
from bot.store.base import utcnow
from bot.store.models import Handoff

from .conftest import Console

ROW = re.compile(r'<tr data-contact="([^"]+)">(.*?)</tr>', re.S)


def backdate(console: Console, contact_id: str, minutes: int) -> None:
    at = utcnow() - dt.timedelta(minutes=minutes)
    console.query(lambda s: s.execute(update(Handoff).where(Handoff.contact_id == contact_id).values(requested_at=at)))


async def test_a_flood_of_urgent_requests_from_one_source_does_not_bury_another_sources_emergency(
    console: Console,
) -> None:
    console.add_staff("sam")
    flood = [console.queued_contact(priority=0, source_hash="flooder") for _ in range(10)]
    for minutes, contact_id in zip(range(30, 20, -1), flood):
        backdate(console, contact_id, minutes)  # all of them asked before the real emergency
    real = console.queued_contact(priority=0, source_hash="someone-else")
    routine = console.queued_contact(priority=2, source_hash="a-third-person")
    backdate(console, routine, 60)

    order = [row.contact_id for row in console.query(queries.open_queue)]
    assert order == [flood[0], real, *flood[1:], routine]

    sam = await (await console.staff()).signed_in("sam")
    rows = dict(ROW.findall(await sam.page("/staff/")))
    assert "10 urgent from one source" in rows[flood[0]] and "10 urgent from one source" in rows[flood[-1]]
    assert "from one source" not in rows[real] and "from one source" not in rows[routine]
    # Its position is what the person is told too: second, not eleventh.
    assert [r.position for r in console.query(queries.open_queue) if r.contact_id == real] == [2]


async def test_requests_without_a_known_source_are_each_their_own_source(console: Console) -> None:
    older = console.queued_contact(priority=1)
    newer = console.queued_contact(priority=1)
    backdate(console, older, 5)
    rows = console.query(queries.open_queue)
    assert [r.contact_id for r in rows] == [older, newer]
    assert all(r.from_source == 1 and r.urgent_from_source == 0 for r in rows)
