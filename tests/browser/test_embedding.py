"""Another site embeds the widget with its one script tag: the modules come from the gateway, even
under the site's own strict Content Security Policy."""

from __future__ import annotations

import pytest

from .support import message_box, send, wait_until_online

pytestmark = pytest.mark.browser


def test_a_site_with_a_strict_content_security_policy_can_embed_the_widget(browser, gateway, neutral_site):
    # Any refused script, style or connection is a console error, which fails the test (conftest.py).
    page = browser.new_page()
    page.goto(neutral_site.strict_host_url)
    page.get_by_role("button", name="Get help with a police complaint").click()
    wait_until_online(page)
    assert message_box(page).evaluate("el => el === document.activeElement")
    send(page, "How do I complain about the police?")
    modules = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/static/widget/js/'))"
    )
    assert modules and all(url.startswith(gateway.url) for url in modules)
    assert any(url.endswith("/texts.js") for url in modules), "the words come from the gateway too"
