"""axe-core finds no WCAG 2.2 AA failures in any state the widget can be in."""

from __future__ import annotations

import pytest

from .support import assert_no_axe_violations, message_box, replies, send, wait_for_reply, wait_until_online

pytestmark = pytest.mark.browser


def test_embedded_widget_closed_open_and_mid_conversation_has_no_failures(browser, gateway, neutral_site):
    page = browser.new_page()
    page.goto(neutral_site.host_url)
    launcher = page.get_by_role("button", name="Get help with a police complaint")
    launcher.wait_for()
    assert launcher.get_attribute("aria-expanded") == "false"
    assert_no_axe_violations(page)

    launcher.click()
    wait_until_online(page)
    assert launcher.get_attribute("aria-expanded") == "true"
    assert message_box(page).evaluate("el => el === document.activeElement")
    assert_no_axe_violations(page)

    send(page, "hello")
    assert_no_axe_violations(page)


def test_chat_page_open_has_no_failures(browser, gateway):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    assert_no_axe_violations(page)


def test_chat_page_mid_conversation_has_no_failures(browser, gateway):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    send(page, "hello")
    assert page.locator(".pch-reply").count() > 0, "expected quick replies after hello"
    assert_no_axe_violations(page)


def test_waiting_for_a_person_has_no_failures(browser, gateway, staff_on_duty):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    send(page, "hello")
    before = replies(page).count()
    page.get_by_role("button", name="Talk to a person").last.click()
    wait_for_reply(page, before)
    page.wait_for_selector('.pch-root[data-owner="queued"]')
    assert page.get_by_text("Waiting for a person").is_visible()
    assert_no_axe_violations(page)


def test_welsh_interface_at_largest_text_has_no_failures(browser, gateway):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    page.get_by_role("button", name="Cymraeg").click()
    bigger = page.get_by_role("button", name="A+")
    while bigger.get_attribute("aria-disabled") != "true":
        bigger.click()
    assert page.locator(".pch-root").evaluate("el => el.style.getPropertyValue('--pch-scale')") == "2"
    send(page, "hello")
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert_no_axe_violations(page)


def test_privacy_notice_has_no_failures(browser, gateway):
    page = browser.new_page()
    page.goto(f"{gateway.url}/privacy")
    assert page.get_by_role("link", name="Exit this page").get_attribute("href").endswith("/weather")
    assert_no_axe_violations(page)
