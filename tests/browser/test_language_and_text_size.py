"""The person can switch the widget to Welsh and make the text bigger; both are remembered."""

from __future__ import annotations

import pytest

from .support import wait_until_online

pytestmark = pytest.mark.browser


def test_widget_switches_to_welsh_and_back_and_remembers(browser, gateway):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    toggle = page.get_by_role("button", name="Cymraeg")
    assert toggle.get_attribute("lang") == "cy"
    toggle.click()

    assert page.evaluate("document.documentElement.lang") == "cy"
    assert page.get_by_label("Teipiwch eich neges").count() == 1
    assert page.get_by_role("button", name="Gadael y dudalen hon").is_visible()
    # Focus stays on the toggle, which now offers English (in English).
    english = page.get_by_role("button", name="English")
    assert english.evaluate("el => el === document.activeElement")
    assert english.get_attribute("lang") == "en"

    page.reload()
    wait_until_online(page)
    assert page.get_by_label("Teipiwch eich neges").count() == 1
    page.get_by_role("button", name="English").click()
    assert page.get_by_label("Type your message").count() == 1
    assert page.evaluate("document.documentElement.lang") == "en"


def test_text_size_buttons_change_the_size_and_it_is_remembered(browser, gateway):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    root = page.locator(".pch-root")

    def size() -> float:
        return float(root.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))

    normal = size()
    page.get_by_role("button", name="A+ bigger text").click()
    page.get_by_role("button", name="A+ bigger text").click()
    page.get_by_role("status").filter(has_text="Text size 125%").wait_for(state="attached")
    assert size() == pytest.approx(normal * 1.25)

    page.reload()
    wait_until_online(page)
    assert size() == pytest.approx(normal * 1.25)
    page.get_by_role("button", name="A− smaller text").click()
    assert size() == pytest.approx(normal * 1.125)
