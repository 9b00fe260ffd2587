"""The opening: topic buttons start a journey, and "Talk to a person" is always one click away."""

from __future__ import annotations

import pytest

from .support import replies, wait_for_reply, wait_until_online

pytestmark = pytest.mark.browser


def test_a_topic_button_starts_the_complaint_as_if_typed(browser, gateway):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    before = replies(page).count()
    page.get_by_role("group", name="Or start with one of these:").get_by_role("button", name="Make a complaint").click()
    wait_for_reply(page, before)
    page.get_by_text("can we save your answers?", exact=False).first.wait_for()
    assert page.locator(".pch-log").get_by_text("I want to make a complaint about the police").count() == 1
    # The opening topics go once the conversation has started.
    assert not page.get_by_role("group", name="Or start with one of these:").is_visible()


def test_talk_to_a_person_is_there_from_the_start(browser, gateway):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    page.locator(".pch-person").click()
    page.wait_for_selector('.pch-root[data-owner="queued"]')
