"""Asking for a person: an honest waiting state, then the staff member's first name when they join."""

from __future__ import annotations

import re

import pytest

from .support import STAFF_FIRST_NAME, message_box, replies, send, wait_for_reply, wait_until_online

pytestmark = pytest.mark.browser


def test_staff_member_takes_over_conversation(browser, gateway, staff_on_duty):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    send(page, "hello")
    before = replies(page).count()
    page.get_by_role("button", name="Talk to a person").last.click()
    wait_for_reply(page, before)

    page.wait_for_selector('.pch-root[data-owner="queued"]')
    waiting = page.locator(".pch-banner--owner")
    assert "Waiting for a person" in waiting.inner_text()
    # The queue is shared with other conversations, so the position is whatever it honestly is.
    assert re.search(r"You are (next|number \d+) in the queue\.", waiting.inner_text())
    assert "We cannot say exactly how long it will take." in waiting.inner_text()

    # The staff member claims the conversation in the console.
    staff_on_duty.open_conversation(page)
    staff_on_duty.page.get_by_role("button", name="Claim conversation").click()
    page.wait_for_selector('.pch-root[data-owner="staff"]', timeout=15_000)
    assert waiting.inner_text() == f"You are talking to {STAFF_FIRST_NAME}, a member of staff."
    assert waiting.get_attribute("role") == "status"
    page.get_by_text(f"{STAFF_FIRST_NAME} from our team has joined the conversation.").wait_for()

    # Their reply is labelled with their first name, for sighted and screen-reader users alike.
    staff_on_duty.page.get_by_label("Your reply").fill("Hello, I can help with that.")
    staff_on_duty.page.get_by_role("button", name="Send reply").click()
    staff_message = page.locator(".pch-msg--staff").filter(has_text="Hello, I can help with that.")
    staff_message.wait_for(timeout=15_000)
    assert staff_message.locator(".pch-msg__author").inner_text() == f"{STAFF_FIRST_NAME} (staff)"
    assert staff_message.locator(".pch-visually-hidden").first.text_content() == (
        f"{STAFF_FIRST_NAME}, staff member, said:"
    )
    # The person chose "Talk to a person", then stayed in the message box while all this arrived.
    assert message_box(page).evaluate("el => el === document.activeElement")
