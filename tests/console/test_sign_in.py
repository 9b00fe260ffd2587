"""Signing in and out: argon2 passwords, session cookies, waits after failures, sign-in limits, expiry and
the login form's CSRF."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select, update
from yarl import URL

from bot.console import auth
from bot.console.appkeys import CONSOLE, PASSWORD_CHECKS
from bot.console.backoff import SignInThrottle
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


async def test_the_cookie_is_secure_when_the_console_is_served_over_https(make_console) -> None:
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


async def test_repeated_failures_make_that_address_wait_but_never_lock_the_owner_out(console: Console) -> None:
    sam_id = console.add_staff("sam")
    for _ in range(console.settings.staff_login_attempts):
        assert (await (await console.staff()).login("sam", "wrong password here")).status == 401
    checked = len(console.audit("staff_login_failed"))

    # From the guessing address even the right password now has to wait, and is not even checked.
    response = await (await console.staff()).login("Sam", PASSWORD)
    text = await response.text()
    assert response.status == 429 and "Wait 30 seconds" in text
    assert int(response.headers["Retry-After"]) <= 30
    assert len(console.audit("staff_login_failed")) == checked
    assert [e.detail for e in console.audit("staff_sign_in_slowed")] == [
        {"failures_from_here": console.settings.staff_login_attempts}
    ]
    # The owner, somewhere else, signs in as usual: guessing cannot lock anyone out.
    assert (await (await console.staff(source="127.0.0.2")).login("sam", PASSWORD)).status == 303
    assert console.query(lambda s: s.get(StaffMember, sam_id)).locked_until is None


async def test_unknown_usernames_wait_the_same_way(console: Console) -> None:
    for _ in range(console.settings.staff_login_attempts):
        assert (await (await console.staff()).login("nobody", "wrong password here")).status == 401
    response = await (await console.staff()).login("nobody", "wrong password here")
    assert response.status == 429 and "Too many wrong passwords for this username" in await response.text()


async def test_an_administrator_can_clear_the_wait(console: Console) -> None:
    console.add_staff("sam")
    console.add_staff("ada", "Ada Admin", role="admin")
    admin = await (await console.staff(source="127.0.0.2")).signed_in("ada")
    for _ in range(console.settings.staff_login_attempts):
        await (await console.staff()).login("sam", "wrong password here")
    page = await admin.page("/staff/accounts")
    assert "Locked" in page
    sam_id = console.query(lambda s: s.scalars(select(StaffMember.id).where(StaffMember.username == "sam")).one())
    assert (await admin.post(f"/staff/accounts/{sam_id}/unlock")).status == 303
    assert (await (await console.staff()).login("sam", PASSWORD)).status == 303


async def test_a_burst_of_guesses_is_counted_before_any_password_is_checked(console: Console) -> None:
    console.add_staff("sam")
    clients = [await console.staff() for _ in range(20)]
    for client in clients:
        await client.page("/staff/login")
    responses = await asyncio.gather(
        *(
            c.post("/staff/login", {"username": "sam", "password": f"guess number {i:02d}"})
            for i, c in enumerate(clients)
        )
    )
    statuses = sorted(r.status for r in responses)
    attempts = console.settings.staff_login_attempts
    assert statuses == [401] * attempts + [429] * (20 - attempts)
    assert len(console.audit("staff_login_failed")) == attempts


async def test_sign_in_answers_429_with_a_clear_message_while_every_password_check_is_taken(make_console) -> None:
    console: Console = await make_console(staff_password_checks=1, staff_sign_in_queue=0)
    console.add_staff("sam")
    checks = console.app[CONSOLE][PASSWORD_CHECKS]
    async with checks.slot():  # someone else's sign-in is being checked
        response = await (await console.staff()).login("sam", PASSWORD)
        text = await response.text()
    assert response.status == 429 and "Sign-in is busy right now. Wait a few seconds" in text
    assert "Error:" in text and response.headers["Retry-After"] == "5"
    # Turned away before anything was counted: the right password works as soon as a slot is free.
    assert (await (await console.staff()).login("sam", PASSWORD)).status == 303


async def test_all_sign_ins_together_are_rate_limited(make_console) -> None:
    console: Console = await make_console(staff_sign_ins_per_minute=3)
    console.add_staff("sam")
    for name in ("kim", "lee", "max"):  # three different usernames, so no per-account wait applies
        assert (await (await console.staff()).login(name, "wrong password here")).status == 401
    response = await (await console.staff(source="127.0.0.2")).login("sam", PASSWORD)
    assert response.status == 429 and "Too many sign-ins are being tried right now" in await response.text()


@pytest.fixture(params=["in process", "in Redis"])
def make_throttle(request: pytest.FixtureRequest):
    """The sign-in limits as one gateway keeps them, and as replicas share them in Redis."""
    if request.param == "in process":
        return SignInThrottle
    from bot.replicas.signin import RedisSignInThrottle

    redis = request.getfixturevalue("redis_client")
    return lambda **limits: RedisSignInThrottle(redis, redis.test_prefix, "hash-key-for-tests", **limits)


async def test_waits_double_up_to_the_longest_and_are_kept_per_account_and_address(make_throttle) -> None:
    throttle = make_throttle(free_attempts=2, max_wait=100, per_minute=1000)
    now = 1000.0
    for _ in range(2):
        assert await throttle.refusal("sam", "a", now) is None
        await throttle.attempt("sam", "a", now)
    waits = []
    for _ in range(4):
        refusal = await throttle.refusal("sam", "a", now)
        assert refusal is not None and refusal.reason == "account"
        waits.append(refusal.retry_after)
        now += refusal.retry_after
        assert await throttle.refusal("sam", "a", now) is None
        await throttle.attempt("sam", "a", now)
    assert waits == [30, 60, 100, 100]
    assert await throttle.refusal("sam", "b", now) is None and await throttle.refusal("kim", "a", now) is None
    await throttle.succeeded("sam", "a")
    assert await throttle.refusal("sam", "a", now) is None


async def test_an_administrator_sees_a_slowed_account_and_unlocking_forgets_its_waits(make_throttle) -> None:
    throttle = make_throttle(free_attempts=1, max_wait=100, per_minute=1000)
    await throttle.attempt("sam", "a", 10.0)
    assert await throttle.slowed("sam", 11.0) and not await throttle.slowed("kim", 11.0)
    assert not await throttle.slowed("sam", 41.0)  # its 30 s wait is over
    await throttle.forget_account("sam")
    assert not await throttle.slowed("sam", 11.0) and await throttle.failures("sam", "a") == 0
    assert await throttle.refusal("sam", "a", 11.0) is None


async def test_spraying_many_accounts_from_one_address_blocks_that_address(make_throttle) -> None:
    throttle = make_throttle(block_after=3, window=60, per_minute=1000)
    for name in ("a", "b", "c"):
        await throttle.attempt(name, "10.0.0.1", 0.0)
    refusal = await throttle.refusal("d", "10.0.0.1", 1.0)
    assert refusal is not None and refusal.reason == "address"
    assert await throttle.refusal("d", "10.0.0.2", 1.0) is None
    assert await throttle.refusal("d", "10.0.0.1", 61.0) is None  # quiet for the window: forgiven


async def test_full_tables_evict_their_oldest_keys_instead_of_refusing_new_ones() -> None:
    throttle = SignInThrottle(max_keys=2, per_minute=1000)
    for address in ("x", "y", "z"):
        await throttle.attempt("sam", address, 0.0)
    assert await throttle.failures("sam", "x") == 0 and await throttle.failures("sam", "z") == 1


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


async def test_behind_a_trusted_proxy_the_waits_follow_the_client_it_forwarded_for(make_console) -> None:
    console: Console = await make_console(trusted_proxies="127.0.0.1")
    console.add_staff("sam")

    async def login(client_address: str, password: str):
        client = await console.staff()
        await client.page("/staff/login")
        return await client.post(
            "/staff/login", {"username": "sam", "password": password}, headers={"X-Forwarded-For": client_address}
        )

    for _ in range(console.settings.staff_login_attempts):
        assert (await login("203.0.113.5", "wrong password here")).status == 401
    assert (await login("203.0.113.5", PASSWORD)).status == 429
    # Everyone else behind the same proxy is a different source: the owner signs in.
    assert (await login("198.51.100.7", PASSWORD)).status == 303


async def test_all_sign_ins_together_are_spread_over_the_minute_not_taken_in_one_burst(make_throttle) -> None:
    throttle = make_throttle(per_minute=60)
    admitted = 0
    for i in range(60):
        if await throttle.refusal(f"user{i}", f"10.0.0.{i}", 0.0) is None:
            await throttle.attempt(f"user{i}", f"10.0.0.{i}", 0.0)
            admitted += 1
    assert admitted == 10
    refusal = await throttle.refusal("late", "10.0.1.1", 0.0)
    assert refusal is not None and refusal.reason == "everyone" and refusal.retry_after == 1.0
    assert await throttle.refusal("late", "10.0.1.1", 1.0) is None  # one a second after that
