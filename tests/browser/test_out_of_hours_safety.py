"""Someone in danger in the widget when nobody can join: every message and the banner agree, with the
safety numbers and no call-back offer. Run with staff hours closed, and within hours with nobody
available. The widget's page says who we are, so the assistant does not repeat it as a message."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from bot.routing.availability import LONDON

from .conftest import _gateway
from .support import Gateway, NeutralSite, replies, send, wait_until_online

pytestmark = pytest.mark.browser

CALL_BACK = re.compile(r"call (?:you )?back|call-back|callback", re.I)


def closed_now() -> str:
    """STAFF_HOURS shut at this moment: one minute on another day of the week."""
    tomorrow = (dt.datetime.now(LONDON).weekday() + 1) % 7
    return f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[tomorrow]} 09:00-09:01"


def nobody_is_available(database_url: str) -> None:
    """Everyone away (the stack's database is shared by the whole test session)."""
    from bot.store.models import StaffMember
    from bot.store.session import create_engine_from_url, make_sessionmaker

    engine = create_engine_from_url(database_url)
    try:
        with make_sessionmaker(engine).begin() as db:
            db.execute(update(StaffMember).values(presence="away"))
    finally:
        engine.dispose()


@pytest.fixture(params=["hours_closed", "nobody_available"])
def unstaffed(request, rasa_stack: Any, neutral_site: NeutralSite, tmp_path: Path) -> Iterator[Gateway]:
    hours = closed_now() if request.param == "hours_closed" else "always"
    server = _gateway(rasa_stack, neutral_site, tmp_path / "gateway", STAFF_HOURS=hours)
    nobody_is_available(server.database_url)
    server.start()
    yield server
    server.stop()


def test_someone_in_danger_out_of_hours_reads_one_safe_story(browser, unstaffed: Gateway) -> None:
    page = browser.new_page()
    page.goto(unstaffed.url)
    wait_until_online(page)
    # The page itself says who we are and to call 999; the banner is there from the start.
    notice = page.locator(".pch-root").inner_text()
    assert "IOPC's automated helper" in notice and "not the police" in notice and "999" in notice

    send(page, "he's outside my door with a knife and I'm scared")
    page.wait_for_selector('.pch-root[data-owner="queued"]', timeout=30_000)
    page.get_by_text("keep typing here", exact=False).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)  # let the burst of messages finish

    said = [text.strip() for text in replies(page).all_inner_texts()]
    everything = "\n".join(said)
    assert re.search(r"999", said[0]), f"999 must come first: {said}"
    for number in ("116 123", "85258", "0800 1111"):
        assert number in everything, number
    assert "still answer" in everything
    assert not CALL_BACK.search(everything), everything
    assert not re.search(r"asked a person[^.]*now|as soon as they can", everything), everything
    # The page's notice is not repeated as the first message.
    assert "IOPC's automated helper" not in everything

    banner = page.locator(".pch-banner--owner").inner_text()
    assert "Waiting for a person" in banner
    assert "999" in banner and "keep typing here" in banner
    assert not CALL_BACK.search(banner) and "0300" not in banner
    assert page.get_by_role("button", name=re.compile("call back", re.I)).count() == 0
