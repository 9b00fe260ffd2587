"""Nobody reaches the console without a session, roles are enforced, and every POST needs the
session's CSRF token: a request that fails these checks changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.console.guard import CSP

from .conftest import Console

PAGES = [
    "/staff/",
    "/staff/queue/fragment",
    "/staff/canned-replies",
    "/staff/audit",
    "/staff/reports",
    "/staff/accounts",
]
API = ["/staff/queue/fragment", "/staff/queue/events"]


async def test_without_a_session_pages_redirect_to_sign_in_and_the_api_answers_401(console: Console) -> None:
    anonymous = await console.staff()
    contact_id = console.queued_contact()
    for path in ["/staff/", "/staff/reports", f"/staff/conversations/{contact_id}"]:
        response = await anonymous.get(path)
        assert response.status == 303, path
        assert response.headers["Location"].startswith("/staff/login?next=")
    for path in API + [f"/staff/conversations/{contact_id}/events"]:
        assert (await anonymous.get(path)).status == 401, path
    response = await anonymous.post(f"/staff/conversations/{contact_id}/claim", csrf=False)
    assert response.status == 303
    assert console.handoff(contact_id).status == "queued"
    assert (await anonymous.get("/staff")).headers["Location"] == "/staff/"


async def test_each_role_sees_only_its_pages(console: Console) -> None:
    console.add_staff("agent", "Ann Agent", role="agent")
    console.add_staff("super", "Sue Visor", role="supervisor")
    console.add_staff("admin", "Ada Min", role="admin")
    agent = await (await console.staff()).signed_in("agent")
    supervisor = await (await console.staff()).signed_in("super")
    admin = await (await console.staff()).signed_in("admin")

    for path in ["/staff/canned-replies", "/staff/audit", "/staff/reports", "/staff/accounts"]:
        response = await agent.get(path)
        assert response.status == 403, path
        refusal = await response.text()
        # A page with a heading and a way back (the old home-made engine once escaped these into text).
        assert "<h1>You cannot use this page</h1>" in refusal and '<a href="/staff/">Back to the queue</a>' in refusal
        assert "<title>You cannot use this page – Staff console</title>" in refusal
    for path in ["/staff/canned-replies", "/staff/audit", "/staff/reports"]:
        assert (await supervisor.get(path)).status == 200, path
    assert (await supervisor.get("/staff/accounts")).status == 403
    for path in PAGES:
        assert (await admin.get(path)).status == 200, path

    # Agents cannot change canned replies by posting directly either.
    response = await agent.post("/staff/canned-replies", {"title": "Hi", "text": "Hello"})
    assert response.status == 403
    assert console.query(lambda s: s.execute(text("select count(*) from canned_replies")).scalar()) == 0

    agent_page = await agent.page("/staff/")
    assert "Reports" not in agent_page and "Audit log" not in agent_page
    assert "Staff accounts" in await admin.page("/staff/")


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
async def test_a_post_without_the_sessions_csrf_token_is_refused_and_changes_nothing(console: Console, token) -> None:
    console.add_staff("sam", presence="available")
    sam = await (await console.staff()).signed_in("sam")
    contact_id = console.queued_contact()
    data = {} if token is None else {"csrf_token": token}

    response = await sam.post(f"/staff/conversations/{contact_id}/claim", data, csrf=False)
    assert response.status == 403
    assert "Nothing was changed" in await response.text()
    assert console.handoff(contact_id).status == "queued"
    assert console.messages(contact_id) == []

    assert (await sam.post("/staff/presence", {**data, "presence": "away"}, csrf=False)).status == 403
    assert console.query(lambda s: s.execute(text("select presence from staff_members")).scalar()) == "available"
    assert (await sam.post(f"/staff/conversations/{contact_id}/notes", {**data, "note": "x"}, csrf=False)).status == 403
    assert (await sam.post("/staff/logout", data, csrf=False)).status == 403
    assert (await sam.get("/staff/")).status == 200  # still signed in: logout did not happen

    # With the token, the same claim works.
    assert (await sam.post(f"/staff/conversations/{contact_id}/claim")).status == 303
    assert console.handoff(contact_id).status == "assigned"


async def test_one_staff_members_token_does_not_work_in_anothers_session(console: Console) -> None:
    console.add_staff("sam")
    console.add_staff("kim", "Kim Lee")
    sam = await (await console.staff()).signed_in("sam")
    kim = await (await console.staff()).signed_in("kim")
    contact_id = console.queued_contact()
    response = await kim.post(f"/staff/conversations/{contact_id}/claim", {"csrf_token": sam.csrf}, csrf=False)
    assert response.status == 403
    assert console.handoff(contact_id).status == "queued"


async def test_the_csrf_token_may_come_in_a_header(console: Console) -> None:
    console.add_staff("sam")
    sam = await (await console.staff()).signed_in("sam")
    contact_id = console.queued_contact()
    response = await sam.client.post(
        f"/staff/conversations/{contact_id}/claim", headers={"X-CSRF-Token": sam.csrf}, allow_redirects=False
    )
    assert response.status == 303


async def test_console_responses_carry_protective_headers(console: Console) -> None:
    console.add_staff("sam")
    sam = await (await console.staff()).signed_in("sam")
    for path in ["/staff/login", "/staff/"]:
        response = await sam.get(path)
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
    # The widget's public pages are untouched by the console's middleware and headers.
    public = await sam.client.get("/healthz")
    assert public.status == 200 and "X-Frame-Options" not in public.headers


async def test_conversations_never_handed_off_are_not_visible(console: Console) -> None:
    import uuid

    from bot.store.repositories.contacts import ensure_contact

    console.add_staff("sam")
    sam = await (await console.staff()).signed_in("sam")
    private = str(uuid.uuid4())
    console.query(lambda s: ensure_contact(s, private, "web"))
    assert (await sam.get(f"/staff/conversations/{private}")).status == 404
    assert (await sam.get(f"/staff/conversations/{private}/events")).status == 404
    assert (await sam.post(f"/staff/conversations/{private}/notes", {"note": "x"})).status == 404
