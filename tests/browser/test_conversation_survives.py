"""Nothing the person typed is lost: not to a reload, not to a dropped connection."""

from __future__ import annotations

import pytest

from .support import message_box, replies, send, wait_for_reply, wait_until_online, widget_token

pytestmark = pytest.mark.browser


def test_reload_continues_the_conversation_and_keeps_the_draft(browser, gateway):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    send(page, "hello")
    shown = page.locator(".pch-msg__text").all_inner_texts()
    token = widget_token(page)
    message_box(page).fill("It happened last Tuesday near the station")

    page.reload()
    wait_until_online(page)
    assert page.locator(".pch-msg__text").all_inner_texts() == shown
    assert message_box(page).input_value() == "It happened last Tuesday near the station"
    # Same conversation on the server, not a new one.
    assert gateway.contact(widget_token(page))["messages"] == gateway.contact(token)["messages"]


def test_dropped_connection_is_announced_and_unsent_words_are_sent_when_back(browser, own_gateway):
    # The browser logs each refused reconnect attempt; those are expected here.
    browser.allowed_problems += ["ERR_CONNECTION_REFUSED", "WebSocket connection to"]
    page = browser.new_page()
    page.goto(own_gateway.url)
    wait_until_online(page)
    send(page, "hello")

    own_gateway.stop()
    page.wait_for_selector('.pch-root[data-connection="offline"]', state="attached")
    notice = page.locator(".pch-banner--connection")
    assert notice.get_attribute("role") == "status"
    assert "The connection has dropped. We are trying to reconnect." in notice.inner_text()

    # Typed while offline: shown at once, marked as not sent yet, kept for sending.
    message_box(page).fill("are you still there")
    message_box(page).press("Enter")
    pending = page.locator(".pch-msg--user").last
    assert "Not sent yet" in pending.inner_text()

    before = replies(page).count()
    own_gateway.start()  # same port: the widget reconnects by itself (with backoff)
    page.wait_for_selector('.pch-root[data-connection="online"]', state="attached", timeout=45_000)
    assert "You are back online." in notice.inner_text()
    wait_for_reply(page, before)
    assert "Not sent yet" not in pending.inner_text()
    assert gateway_messages(own_gateway, page).count("are you still there") == 1


def gateway_messages(gateway, page) -> list[str]:
    return gateway.contact(widget_token(page))["messages"]
