"""Helpers for the staff console journeys (the shared ones live in support.py)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Locator, Page

from .support import (
    SESSION_SECRET,
    Browser,
    Gateway,
    replies,
    run_cli,
    send,
    wait_for_reply,
    wait_until_online,
    widget_token,
)

LIVE_MS = 5_000  # a change must reach an open console page within this (the brief asks for ~1 s)


def contact_id_of(widget_page: Page) -> str:
    """The contact id of the conversation in this widget (what the console's URLs use)."""
    from bot.channels.tokens import TokenSigner

    signer = TokenSigner(SESSION_SECRET)
    session = signer.verify(widget_token(widget_page))
    assert session is not None, "the widget's token does not verify"
    return signer.contact_id_for(session.session_id)


def escalate_from_widget(widget_page: Page, gateway_url: str) -> str:
    """A member of the public opens the widget, says hello and presses "Talk to a person"."""
    widget_page.goto(gateway_url)
    wait_until_online(widget_page)
    send(widget_page, "hello")
    before = replies(widget_page).count()
    widget_page.get_by_role("button", name="Talk to a person").last.click()
    wait_for_reply(widget_page, before)
    widget_page.wait_for_selector('.pch-root[data-owner="queued"]', timeout=30_000)
    return contact_id_of(widget_page)


def wait_until_live(console_page: Page) -> None:
    """The console page's event stream is connected."""
    console_page.get_by_text("Live updates are on.").wait_for(timeout=LIVE_MS)


def queue_row(console_page: Page, contact_id: str) -> Locator:
    return console_page.locator(f'tr[data-contact="{contact_id}"]')


def transcript_message(console_page: Page, kind: str, text: str) -> Locator:
    """A message in the console transcript: kind is user, bot, staff or system."""
    return console_page.locator(f"#transcript .msg--{kind}").filter(has_text=text)


@contextmanager
def signed_in_as(browser: Browser, gateway: Gateway, role: str) -> Iterator[Page]:
    """A console page signed in with a new account of `role` (made with `python -m bot staff add`);
    the account is disabled afterwards, since the contact log is shared with other journeys."""
    username = f"{role}.{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(24)
    run_cli(
        gateway.env,
        "staff",
        "add",
        username,
        "--name",
        f"{role.title()} Browser",
        "--role",
        role,
        "--password-stdin",
        stdin=password + "\n",
    )
    try:
        page = browser.new_page()
        page.goto(f"{gateway.url}/staff/login")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Sign out").wait_for()
        yield page
    finally:
        run_cli(gateway.env, "staff", "disable", username)
