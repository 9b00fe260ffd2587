"""Signing in and out, and the available/away switch."""

from __future__ import annotations

import asyncio
import logging
import math
import random

from aiohttp import web

from bot import keys
from bot.channels.client_address import rate_key
from bot.console import auth
from bot.console.appkeys import LOGIN_FAILURES, PASSWORD_CHECKS, STAFF
from bot.console.backoff import Refusal
from bot.console.guard import (
    LOGIN_COOKIE,
    PREFIX,
    clear_session_cookie,
    login_token,
    public,
    set_session_cookie,
)
from bot.console.hashing import HasherBusy
from bot.console.templating import render
from bot.store.base import utcnow
from bot.store.models import PRESENCES
from bot.store.session import run_in_session

log = logging.getLogger(__name__)

# One message for every failure, so the page never reveals whether a username exists or is disabled.
SIGN_IN_FAILED = (
    "Enter a correct username and password. After {attempts} wrong tries you will have to wait a "
    "little before each new try, or ask a supervisor."
)
# Refusals before any password is checked (429). None says whether the username exists either.
WAIT_BEFORE_TRYING = "Too many wrong passwords for this username. Wait {wait}, then try again, or ask a supervisor."
TOO_MANY_FROM_HERE = "Too many failed sign-ins from this network. Wait 15 minutes, then try again."
TOO_MANY_EVERYWHERE = "Too many sign-ins are being tried right now. Wait a minute, then try again."
BUSY = "Sign-in is busy right now. Wait a few seconds, then try again."
REFUSAL_DELAY_SECONDS = 1.0


def safe_next(value: object) -> str:
    """Where to go after signing in: only a path inside the console (never another site)."""
    if not isinstance(value, str) or not value.startswith(PREFIX + "/") or value.startswith("//"):
        return PREFIX + "/"
    if "\\" in value or any(ord(c) < 32 for c in value) or "//" in value:
        return PREFIX + "/"
    return value


def _login_form(
    request: web.Request,
    *,
    status: int = 200,
    username: str = "",
    errors: list[tuple[str, str]] | None = None,
    next_path: str = PREFIX + "/",
) -> web.Response:
    settings = request.config_dict[keys.SETTINGS]
    # The cookie is set on this response, so make it first and render the page into it.
    response = web.Response(status=status, content_type="text/html", charset="utf-8")
    context = {
        "errors": dict(errors or []),
        "csrf": login_token(request, response),
        "next": next_path,
        "username": username,
        "attempts": settings.staff_login_attempts,
        "longest_wait": settings.staff_lockout_minutes,
    }
    response.text = render(request, "login.html", context)
    return response


@public
async def login_page(request: web.Request) -> web.StreamResponse:
    """GET /staff/login"""
    if request.get(STAFF) is not None:
        raise web.HTTPSeeOther(safe_next(request.query.get("next")))
    return _login_form(request, next_path=safe_next(request.query.get("next")))


@public
async def login_submit(request: web.Request) -> web.StreamResponse:
    """POST /staff/login (the guard has checked the login CSRF token)."""
    settings = request.config_dict[keys.SETTINGS]
    sessions = request.config_dict[keys.SESSIONS]
    form = await request.post()
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))
    next_path = safe_next(form.get("next"))

    errors: list[tuple[str, str]] = []
    if not username:
        errors.append(("username", "Enter your username"))
    if not password:
        errors.append(("password", "Enter your password"))
    if errors:
        return _login_form(request, status=400, username=username, errors=errors, next_path=next_path)

    async def refused(message: str, retry_after: float) -> web.Response:
        # Held back a moment (a timer costs nothing): a flood that waits for each answer is slowed
        # to a trickle instead of being answered as fast as it can ask.
        await asyncio.sleep(REFUSAL_DELAY_SECONDS)
        response = _login_form(
            request, status=429, username=username, errors=[("username", message)], next_path=next_path
        )
        response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
        return response

    key = username.lower()
    # The client behind a trusted proxy (client_address.py), an IPv6 client by its /64.
    address = rate_key(request.remote or "unknown")
    throttle = request.config_dict[LOGIN_FAILURES]
    refusal = await throttle.refusal(key, address)
    if refusal is not None:
        return await refused(_refusal_message(refusal), refusal.retry_after)
    try:
        async with request.config_dict[PASSWORD_CHECKS].slot() as hash_work:
            await throttle.attempt(key, address)  # counted now, before the hash: a burst cannot all slip through
            candidate = await run_in_session(sessions, auth.find_candidate, username, utcnow())
            # Checked in every case (unknown user, disabled) so each takes as long as a wrong password.
            matches = await hash_work(auth.verify_password, candidate.password_hash, password)
            new_hash = None
            if matches and candidate.password_hash and auth.needs_rehash(candidate.password_hash):
                new_hash = await hash_work(auth.rehash, password)
    except HasherBusy:
        return await refused(BUSY, 5)

    if matches and candidate.usable and candidate.staff_id is not None:
        await throttle.succeeded(key, address)
        new = await run_in_session(
            sessions,
            auth.record_success,
            candidate.staff_id,
            settings.session_secret,
            settings.staff_session_minutes,
            new_hash,
        )
        response = web.HTTPSeeOther(next_path)
        set_session_cookie(response, settings, new.token)
        response.del_cookie(LOGIN_COOKIE, path=PREFIX)  # its job is done
        raise response

    failures = await throttle.failures(key, address)
    slowed = failures == settings.staff_login_attempts
    await run_in_session(sessions, auth.record_failure, candidate.staff_id, failures, slowed)
    if slowed and candidate.staff_id is not None:
        log.warning("sign-ins to staff account %s from one address now have to wait", candidate.staff_id)
    # The jitter blurs what timing differences remain between the failure paths.
    await asyncio.sleep(random.uniform(0.0, 0.1))
    message = SIGN_IN_FAILED.format(attempts=settings.staff_login_attempts)
    return _login_form(request, status=401, username=username, errors=[("username", message)], next_path=next_path)


def _refusal_message(refusal: Refusal) -> str:
    if refusal.reason == "everyone":
        return TOO_MANY_EVERYWHERE
    if refusal.reason == "address":
        return TOO_MANY_FROM_HERE
    return WAIT_BEFORE_TRYING.format(wait=_wait_words(refusal.retry_after))


def _wait_words(seconds: float) -> str:
    if seconds <= 60:
        return f"{max(1, math.ceil(seconds))} seconds"
    minutes = math.ceil(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


async def logout(request: web.Request) -> web.StreamResponse:
    """POST /staff/logout"""
    staff = request[STAFF]
    settings = request.config_dict[keys.SETTINGS]
    await run_in_session(request.config_dict[keys.SESSIONS], auth.sign_out, staff.session_id, staff.id)
    response = web.HTTPSeeOther(PREFIX + "/login")
    clear_session_cookie(response, settings)
    raise response


async def presence(request: web.Request) -> web.StreamResponse:
    """POST /staff/presence: available or away (drives the gateway's "nobody available" reply)."""
    staff = request[STAFF]
    form = await request.post()
    value = form.get("presence")
    if value not in PRESENCES:
        raise web.HTTPBadRequest(text="Choose available or away.")
    await run_in_session(request.config_dict[keys.SESSIONS], auth.set_presence, staff.id, value)
    raise web.HTTPSeeOther(safe_next(form.get("next")))
