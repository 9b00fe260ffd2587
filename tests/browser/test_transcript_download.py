"""The person can keep a copy: the conversation, the assistant's next steps and the IOPC's details."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import assert_no_axe_violations, send, wait_until_online

pytestmark = pytest.mark.browser

IOPC_DETAILS = [
    "0300 020 0096",
    "we welcome calls in Welsh",
    "18001 0207 166 3000",
    "enquiries@policeconduct.gov.uk",
    "Independent Office for Police Conduct, PO Box 473, Sale M33 0BW",
    "www.policeconduct.gov.uk",
    "999",
]


def saved(page, button: str) -> tuple[str, str]:
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    return download.value.suggested_filename, Path(download.value.path()).read_text("utf-8")


def test_person_saves_the_conversation_as_a_web_page_and_as_text(browser, gateway):
    page = browser.new_page()
    page.goto(gateway.url)
    wait_until_online(page)
    send(page, "hello")
    said = page.locator(".pch-msg--bot .pch-msg__text, .pch-msg--system .pch-msg__text").all_inner_texts()
    assert said, "expected the assistant to answer"

    name, html = saved(page, "Save as a web page")
    assert name.endswith(".html")
    name, text = saved(page, "Save as a text file")
    assert name.endswith(".txt")
    for copy in (html, text):
        assert "hello" in copy
        for line in said:
            assert line.replace("'", "&#39;").split("\n")[0] in copy or line.split("\n")[0] in copy
        for detail in IOPC_DETAILS:
            assert detail in copy

    # The saved web page is itself accessible.
    copy = browser.new_page()
    copy.set_content(html)
    assert copy.locator("h1").inner_text() == "Your conversation"
    assert_no_axe_violations(copy)
