"""Signing in and out: argon2 passwords, session cookies, lock-out, expiry and the login form's CSRF."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import select, update
from yarl import URL

from bot.console import auth
from bot.console.guard import COOKIE, LOGIN_COOKIE
from bot.store.base import utcnow
from bot.store.models import StaffMember, StaffSession

from .conftest import _CSRF, PASSWORD, Console, StaffClient

FAILED = "Enter a correct username and password"


async def test_signing_in_opens_a_session_whose_token_is_stored_only_as_a_hash(console: Console) -> None:
    console.add_staff("sam", "Sam Jones")
    sam = await console.staff()
    response = await sam.login("sam")
    assert response.status == 303 and response.headers["Location"] == "/staff/"
    header = response.headers["Set-Cookie"]
    assert f"{COOKIE}=" in header and "HttpOnly" in header and "SameSite=Strict" in header
    assert "Path=/staff" in header
    assert "Secure" not in header  # PUBLIC_BASE_URL is http:// here; see the https test below

    token = sam.cookie(COOKIE)
    stored = console.query(lambda s: s.scalars(select(StaffSession)).one())
    assert stored.id == auth.session_id_for(token, console.settings.session_secret)
    assert token not in stored.id and stored.csrf_token
    assert stored.expires_at - utcnow() > dt.timedelta(minutes=console.settings.staff_session_minutes - 1)
    page = await sam.page("/staff/")
    assert "Signed in as Sam Jones" in page
    assert [e.action for e in console.audit("staff_login")] == ["staff_login"]


async def test_the_cookie_is_secure_when_the_console_is_served_over_https(make_console) -> None:  # type: ignore[no-untyped-def]
    console: Console = await make_console(public_base_url="https://staff.example.test")
    console.add_staff("sam")
    sam = await console.staff()
    form = await sam.get("/staff/login")
    assert "Secure" in form.headers["Set-Cookie"]
    # The test client speaks plain HTTP, so it would (rightly) not send a Secure cookie back itself.
    nonce = form.cookies[LOGIN_COOKIE].value
    sam.csrf = _CSRF.search(await form.text()).group(1)
    response = await sam.post(
        "/staff/login", {"username": "sam", "password": PASSWORD}, headers={"Cookie": f"{LOGIN_COOKIE}={nonce}"}
    )
    assert response.status == 303
    assert "Secure" in response.headers["Set-Cookie"]


async def test_unknown_user_and_wrong_password_get_the_same_answer(console: Console) -> None:
    console.add_staff("sam")
    unknown = await (await console.staff()).login("nobody", PASSWORD)
    wrong = await (await console.staff()).login("sam", "not the password at all")
    unknown_text, wrong_text = await unknown.text(), await wrong.text()
    assert unknown.status == wrong.status == 401
    assert FAILED in unknown_text and FAILED in wrong_text
    assert "<title>Error: Sign in" in wrong_text
    assert '<span class="visually-hidden">Error:</span>' in wrong_text
    assert 'aria-invalid="true"' in wrong_text
    assert 'value="sam"' in wrong_text and "not the password" not in wrong_text
    assert COOKIE not in (wrong.headers.get("Set-Cookie") or "").split("=")[0]
    # The unknown username is not written anywhere; the known account's failure is counted.
    failures = console.audit("staff_login_failed")
    assert [(e.actor, e.detail) for e in failures][0] == ("system", {"known_user": False})
    assert "nobody" not in str([e.detail for e in console.audit()])


async def test_empty_fields_are_explained(console: Console) -> None:
    sam = await console.staff()
    await sam.page("/staff/login")
    response = await sam.post("/staff/login", {"username": "", "password": ""})
    text = await response.text()
    assert response.status == 400
    assert 'href="#username">Enter your username' in text and 'href="#password">Enter your password' in text


async def test_five_failures_lock_the_account_even_against_the_right_password(console: Console) -> None:
    sam_id = console.add_staff("sam")
    for _ in range(console.settings.staff_login_attempts):
        assert (await (await console.staff()).login("sam", "wrong password here")).status == 401
    locked = console.query(lambda s: s.get(StaffMember, sam_id))
    assert locked.locked_until is not None and locked.locked_until > utcnow() + dt.timedelta(minutes=14)

    response = await (await console.staff()).login("sam", PASSWORD)
    assert response.status == 401 and FAILED in await response.text()  # same words: no hint it exists
    assert len(console.audit("staff_locked_out")) == 1
    assert console.audit("staff_login_refused_locked")

    # When the lock runs out, the right password works again and the count starts afresh.
    console.query(lambda s: s.execute(update(StaffMember).values(locked_until=utcnow() - dt.timedelta(seconds=1))))
    assert (await (await console.staff()).login("sam", PASSWORD)).status == 303
    assert console.query(lambda s: s.get(StaffMember, sam_id)).failed_logins == 0


async def test_failures_from_one_address_slow_down(console: Console) -> None:
    console.add_staff("sam")
    started = time.monotonic()
    for _ in range(3):
        await (await console.staff()).login("sam", "wrong password here")
    # 0.1 + 0.2 + 0.4 s of back-off on top of the hashing.
    assert time.monotonic() - started > 0.7


async def test_the_sign_in_form_needs_its_csrf_token(console: Console) -> None:
    console.add_staff("sam")
    forged = await console.staff()
    # A form posted from another site: no login cookie, no token.
    response = await forged.post("/staff/login", {"username": "sam", "password": PASSWORD}, csrf=False)
    assert response.status == 403
    assert forged.cookie(COOKIE) is None
    # The token from another browser's form does not match this browser's own login cookie.
    other = await console.staff()
    await other.page("/staff/login")
    await forged.page("/staff/login")
    assert forged.csrf != other.csrf
    response = await forged.post(
        "/staff/login", {"username": "sam", "password": PASSWORD, "csrf_token": other.csrf}, csrf=False
    )
    assert response.status == 403
    assert forged.cookie(COOKIE) is None


async def test_signing_out_ends_the_session_and_sets_the_member_away(console: Console) -> None:
    sam_id = console.add_staff("sam", presence="available")
    sam = await (await console.staff()).signed_in("sam")
    token = sam.cookie(COOKIE)
    response = await sam.post("/staff/logout")
    assert response.status == 303 and response.headers["Location"] == "/staff/login"
    assert console.query(lambda s: s.get(StaffMember, sam_id)).presence == "away"
    assert console.audit("staff_logout")
    # The old cookie, replayed, no longer works.
    replay = await console.staff()
    replay.client.session.cookie_jar.update_cookies({COOKIE: token})
    assert (await replay.get("/staff/")).status == 303


async def test_an_expired_session_sends_staff_back_to_sign_in(console: Console) -> None:
    console.add_staff("sam")
    sam = await (await console.staff()).signed_in("sam")
    console.query(lambda s: s.execute(update(StaffSession).values(expires_at=utcnow() - dt.timedelta(seconds=1))))
    response = await sam.get("/staff/conversations/abc")
    assert response.status == 303
    location = URL(response.headers["Location"])
    assert location.path == "/staff/login" and location.query["next"] == "/staff/conversations/abc"


async def test_after_sign_in_staff_go_where_they_were_going_but_never_off_site(console: Console) -> None:
    console.add_staff("sam")
    for target, expected in (
        ("/staff/reports", "/staff/reports"),
        ("//evil.example/staff/", "/staff/"),
        ("https://evil.example/", "/staff/"),
        ("/staff//evil.example", "/staff/"),
    ):
        client: StaffClient = await console.staff()
        await client.page("/staff/login")
        response = await client.post("/staff/login", {"username": "sam", "password": PASSWORD, "next": target})
        assert response.headers["Location"] == expected, target


async def test_presence_sweep_sets_away_staff_whose_sessions_have_all_ended(console: Console) -> None:
    sam_id = console.add_staff("sam", presence="available")
    never_signed_in = console.add_staff("kim", "Kim Lee", presence="available")
    await (await console.staff()).signed_in("sam")
    assert console.query(auth.sweep_presence) == 0
    console.query(lambda s: s.execute(update(StaffSession).values(expires_at=utcnow() - dt.timedelta(seconds=1))))
    assert console.query(auth.sweep_presence) == 1
    assert console.query(lambda s: s.get(StaffMember, sam_id)).presence == "away"
    assert console.query(lambda s: s.get(StaffMember, never_signed_in)).presence == "available"
