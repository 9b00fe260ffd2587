"""Exit this page: leaves at once for a neutral site, leaves nothing behind, and Back cannot return."""

from __future__ import annotations

import pytest

from .support import message_box, send, storage, wait_until_online

pytestmark = pytest.mark.browser


def ours(keys: dict[str, list[str]]) -> list[str]:
    return [k for area in keys.values() for k in area if k.startswith("pch.")]


def test_exit_button_clears_the_conversation_and_replaces_the_page(browser, gateway, neutral_site):
    page = browser.new_page()
    page.goto(neutral_site.start_url)
    page.goto(gateway.url)
    wait_until_online(page)
    send(page, "hello")
    message_box(page).fill("a draft I have not sent")
    page.get_by_role("button", name="A+").click()
    assert {"pch.token", "pch.draft", "pch.textSize"} <= set(ours(storage(page)))

    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url(neutral_site.exit_url)

    # Back goes to where the person was before the chat, never to the chat.
    page.go_back()
    assert page.url == neutral_site.start_url
    # Nothing of the conversation is left in this browser for the chat's site.
    page.goto(f"{gateway.url}/privacy")
    assert ours(storage(page)) == []


def test_page_is_blanked_before_the_neutral_site_arrives(browser, gateway, neutral_site):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    send(page, "hello")
    # What the page shows in the same moment as the click, before the neutral site has loaded.
    title, text = page.evaluate(
        "() => { document.querySelector('.pch-exit').click(); return [document.title, document.body.innerText]; }"
    )
    assert title == "Loading."
    assert text.strip() == "Loading."
    page.wait_for_url(neutral_site.exit_url)


def test_pressing_shift_three_times_leaves(browser, gateway, neutral_site):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    message_box(page).focus()
    # Capital letters use Shift with another key: those never count.
    for key in ("Shift+H", "i", " ", "Shift+T", "Shift+O", "Shift+M"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert page.url.startswith(gateway.url)
    assert message_box(page).input_value() == "Hi TOM"

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.get_by_role("status").filter(has_text="Shift, press 1 more time to exit.").wait_for(state="attached")
    page.keyboard.press("Shift")
    page.wait_for_url(neutral_site.exit_url)
