"""At 320 CSS pixels wide (400% zoom), nothing needs horizontal scrolling and Exit stays in reach."""

from __future__ import annotations

import pytest

from .support import has_horizontal_scroll, message_box, send, wait_until_online

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
ZOOMED = {"width": 320, "height": 256}  # a 1280 by 1024 screen at 400%
LONG_WORD = "https://www.policeconduct.gov.uk/" + "a-very-long-address-without-spaces" * 3


@pytest.mark.parametrize("viewport", [NARROW, ZOOMED], ids=["320x640", "320x256"])
def test_chat_page_reflows_at_320_css_pixels(browser, gateway, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(gateway.url)
    wait_until_online(page)
    send(page, f"hello {LONG_WORD}")
    assert not has_horizontal_scroll(page)

    bigger = page.get_by_role("button", name="A+ bigger text")
    while bigger.get_attribute("aria-disabled") != "true":
        bigger.click()
    assert not has_horizontal_scroll(page)

    # Scrolled to the message box, Exit is still on screen, and the box is not hidden behind it.
    message_box(page).focus()
    exit_box = page.get_by_role("button", name="Exit this page").bounding_box()
    input_box = message_box(page).bounding_box()
    assert exit_box is not None and input_box is not None
    assert 0 <= exit_box["y"] and exit_box["y"] + exit_box["height"] <= viewport["height"]
    assert input_box["y"] >= exit_box["y"] + exit_box["height"] or input_box["y"] + input_box["height"] <= exit_box["y"]


@pytest.mark.parametrize("viewport", [NARROW, ZOOMED], ids=["320x640", "320x256"])
def test_embedded_widget_fills_a_small_screen_and_the_page_behind_is_out_of_reach(
    browser, gateway, neutral_site, viewport
):
    page = browser.new_page(viewport=viewport)
    page.goto(neutral_site.host_url)
    page.get_by_role("button", name="Get help with a police complaint").click()
    wait_until_online(page)
    assert not has_horizontal_scroll(page)

    panel = page.locator(".pch-panel").bounding_box()
    assert panel == {"x": 0, "y": 0, "width": viewport["width"], "height": viewport["height"]}
    # Keyboard focus cannot wander onto the host page hidden behind the panel.
    assert page.get_by_role("link", name="A link on the host page").evaluate("el => el.closest('[inert]') !== null")
    page.get_by_role("button", name="Hide chat").click()
    assert page.get_by_role("link", name="A link on the host page").evaluate("el => el.closest('[inert]') === null")
    assert page.get_by_role("button", name="Get help with a police complaint").evaluate(
        "el => el === document.activeElement"
    )
