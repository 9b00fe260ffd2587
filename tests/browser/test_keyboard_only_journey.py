"""A person using only the keyboard (Tab, Shift+Tab, Enter, Space) gets a route and reaches a person."""

from __future__ import annotations

import re

import pytest

from .support import message_box, press_tab_until, replies, wait_for_reply, wait_until_online, widget_token

pytestmark = pytest.mark.browser

IS_MESSAGE_BOX = "el.tagName === 'TEXTAREA'"


def button_named(title: str) -> str:
    return f"el.tagName === 'BUTTON' && el.textContent.trim() === {title!r}"


def test_person_reaches_a_route_and_a_person_with_the_keyboard_alone(browser, gateway, staff_on_duty):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)

    # From the top of the page, Tab reaches the message box (past Exit, the tools and the log).
    press_tab_until(page, IS_MESSAGE_BOX)
    page.keyboard.type("hello")
    before = replies(page).count()
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    # New messages are announced, not focused: the person is still in the message box.
    assert page.evaluate(f"(el => {IS_MESSAGE_BOX})(document.activeElement)")

    # The quick replies sit just before the message box: Shift+Tab reaches them; Enter chooses.
    press_tab_until(page, button_named("How to complain"), backwards=True)
    before = replies(page).count()
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    # The chosen button has gone, so focus is back in the message box, not lost on the page.
    assert page.evaluate(f"(el => {IS_MESSAGE_BOX})(document.activeElement)")
    assert gateway.contact(widget_token(page))["triage_outcome"] == "information"

    # Asking for a person: back to the options, and Space on "Talk to a person".
    page.keyboard.type("hello")
    before = replies(page).count()
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    press_tab_until(page, button_named("Talk to a person"), backwards=True)
    page.keyboard.press("Space")
    page.wait_for_selector('.pch-root[data-owner="queued"]', timeout=30_000)

    waiting = page.locator(".pch-banner--owner")
    assert "Waiting for a person" in waiting.inner_text()
    # The queue is shared with other conversations, so the position is whatever it honestly is.
    assert re.search(r"You are (next|number \d+) in the queue\.", waiting.inner_text())
    assert waiting.get_attribute("role") == "status"
    assert gateway.contact(widget_token(page))["owner"] == "queued"


def test_enter_sends_and_shift_enter_starts_a_new_line(browser, gateway):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    box = message_box(page)
    box.focus()
    page.keyboard.type("I was stopped")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("and searched")
    assert box.input_value() == "I was stopped\nand searched"

    before = replies(page).count()
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    assert box.input_value() == ""
    mine = page.locator(".pch-msg--user .pch-msg__text").first
    assert mine.inner_text() == "I was stopped\nand searched"
    assert gateway.contact(widget_token(page))["messages"][0] == "I was stopped\nand searched"


def test_sending_nothing_explains_what_to_do(browser, gateway):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    message_box(page).press("Enter")
    error = page.get_by_role("alert").filter(has_text="Type a message before you send it.")
    assert error.text_content() == "Error: Type a message before you send it."
    assert message_box(page).get_attribute("aria-invalid") == "true"
    assert error.get_attribute("id") in message_box(page).get_attribute("aria-describedby").split()
