"""Widget tokens, input cleaning, rate limits, staff hours and the event hub, unit by unit."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.channels.ratelimit import SlidingWindowLimiter
from bot.channels.tokens import TokenSigner
from bot.routing.availability import StaffHours
from bot.routing.hub import RESYNC, InProcessHub
from bot.routing.messages import clean_text
from bot.settings import SettingsError


def test_tokens_are_signed_expiring_and_unguessable() -> None:
    signer = TokenSigner("secret")
    token, session = signer.mint("session-1", 60, now=1_000_000)
    assert signer.verify(token, now=1_000_030) == session
    assert signer.verify(token, now=1_000_061) is None  # expired
    assert TokenSigner("other secret").verify(token, now=1_000_030) is None
    body, mac = token.split(".")
    assert signer.verify(body + "." + mac[::-1], now=1_000_030) is None
    assert signer.verify(None) is None and signer.verify("") is None and signer.verify("é.é") is None
    assert signer.verify("a.b.c") is None and signer.verify("x" * 1000) is None
    ids = {signer.new_session_id() for _ in range(1000)}
    assert len(ids) == 1000 and all(len(i) >= 32 for i in ids)


def test_the_contact_id_of_a_session_is_stable_but_secret_dependent() -> None:
    a, b = TokenSigner("one"), TokenSigner("two")
    assert a.contact_id_for("s") == a.contact_id_for("s")
    assert a.contact_id_for("s") != b.contact_id_for("s")
    assert a.contact_id_for("s") != a.contact_id_for("t")


def test_input_is_normalised_and_capped() -> None:
    assert clean_text("cafe\u0301", 100).text == "café"  # NFC
    assert clean_text("\x00hi\u200b there\x1b[31m\u202e", 100).text == "hi there[31m"
    assert clean_text("a\r\nb\n\n\n\nc", 100).text == "a\nb\n\nc"
    capped = clean_text("x" * 11, 10)
    assert capped.too_long and capped.text == "x" * 10
    assert not clean_text("x" * 10, 10).too_long


def test_sliding_window_limits() -> None:
    limiter = SlidingWindowLimiter(2, 60)
    assert limiter.allow("a", now=0) and limiter.allow("a", now=1)
    assert not limiter.allow("a", now=2)
    assert limiter.allow("b", now=2)
    assert limiter.allow("a", now=61)


LONDON_WINTER_MONDAY_0930 = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.timezone.utc)
LONDON_SUMMER_MONDAY_0730_UTC = dt.datetime(2026, 7, 6, 7, 30, tzinfo=dt.timezone.utc)  # 08:30 BST


def test_staff_hours_are_read_in_london_time() -> None:
    hours = StaffHours.parse("Mon-Fri 08:00-18:00")
    assert hours.is_open(LONDON_WINTER_MONDAY_0930)
    assert hours.is_open(LONDON_SUMMER_MONDAY_0730_UTC)
    assert not hours.is_open(dt.datetime(2026, 1, 5, 18, 0, tzinfo=dt.timezone.utc))
    assert not hours.is_open(dt.datetime(2026, 1, 10, 10, 0, tzinfo=dt.timezone.utc))  # Saturday
    both = StaffHours.parse("Mon-Fri 08:00-18:00; Sat 09:00-13:00")
    assert both.is_open(dt.datetime(2026, 1, 10, 10, 0, tzinfo=dt.timezone.utc))
    assert StaffHours.parse("always").is_open(dt.datetime(2026, 1, 11, 3, 0, tzinfo=dt.timezone.utc))
    for bad in ("weekdays", "Mon-Fri 18:00-08:00", "Mon-Fri 25:00-26:00", "Mon 08:60-09:00"):
        with pytest.raises(SettingsError):
            StaffHours.parse(bad)


async def test_the_hub_filters_by_contact_and_a_stuck_subscriber_is_told_to_resync() -> None:
    hub = InProcessHub()
    everything = hub.subscribe()
    one = hub.subscribe("c-1")
    small = hub.subscribe("c-1")
    small.queue = type(small.queue)(2)
    for n in range(3):
        await hub.publish({"type": "message", "contact_id": "c-1", "n": n})
    await hub.publish({"type": "message", "contact_id": "c-2"})
    assert everything.queue.qsize() == 4
    assert [(await one.get())["n"] for _ in range(3)] == [0, 1, 2] and one.queue.empty()
    assert (await small.get())["type"] == RESYNC
    async with hub.subscribe() as temporary:
        assert hub.subscriber_count == 4
    assert hub.subscriber_count == 3
    temporary.close()
