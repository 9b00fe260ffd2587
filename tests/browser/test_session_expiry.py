"""Before an idle chat closes the person is warned and can keep it open; after, they can start again."""

from __future__ import annotations

import pytest

from .support import message_box, send, wait_until_online

pytestmark = pytest.mark.browser

SESSION_SECONDS = 60 * 60  # WEB_SESSION_MINUTES' default


def test_warning_before_the_chat_closes_and_continue_keeps_it_open(browser, gateway):
    page = browser.new_page()
    page.clock.install()
    page.goto(gateway.url)
    wait_until_online(page)
    send(page, "hello")

    page.clock.fast_forward((SESSION_SECONDS - 119) * 1000)
    warning = page.get_by_role("alert").filter(has_text="Your chat will close soon")
    warning.wait_for()
    page.get_by_role("button", name="Continue chat").click()
    page.get_by_role("status").filter(has_text="Your chat will stay open.").wait_for(state="attached")
    assert not warning.is_visible()
    # The gateway answered the keepalive with a fresh expiry: no warning for nearly another hour.
    page.clock.fast_forward((SESSION_SECONDS - 180) * 1000)
    assert page.get_by_role("button", name="Continue chat").count() == 0


def test_closed_chat_can_be_saved_and_started_again(browser, gateway):
    page = browser.new_page()
    page.clock.install()
    page.goto(gateway.url)
    wait_until_online(page)
    send(page, "hello")

    page.clock.fast_forward((SESSION_SECONDS + 1) * 1000)
    page.get_by_text("Your chat has closed because nothing happened for a while.").wait_for()
    assert page.locator('.pch-root[data-connection="expired"]').count() == 1
    # What was said stays on screen (and can be saved) until the person starts again.
    assert page.locator(".pch-msg").count() > 1
    page.get_by_role("button", name="Start a new chat").click()
    wait_until_online(page)
    assert page.locator(".pch-msg").count() == 0
    assert message_box(page).evaluate("el => el === document.activeElement")
