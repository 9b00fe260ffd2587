"""Who may do what in the console: the session cookie, roles and CSRF, checked before any handler.

Secure by default: a handler with no decorator needs a signed-in agent, and every POST must carry
the session's CSRF token (or, for the sign-in form, the login token). `@public` and
`@requires("supervisor")` are the only ways to change that.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from aiohttp import web
from aiohttp.typedefs import Middleware

from bot import keys
from bot.console import auth
from bot.console.appkeys import STAFF
from bot.settings import Settings
from bot.store.session import run_in_session

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

COOKIE = "staff_session"
LOGIN_COOKIE = "staff_login"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
PREFIX = "/staff"

# Our pages load only our own files; inline SVG charts are markup, so need no exception.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


# The marks below are attributes on the handler function itself, which the guard reads per request;
# mypy's Callable type has no attributes, hence the ignores.


def public(handler: Handler) -> Handler:
    """Anyone may call this handler (sign-in page, static files)."""
    handler.console_role = None  # type: ignore[attr-defined]
    return handler


def requires(role: str) -> Callable[[Handler], Handler]:
    """Only staff with at least `role` (agent < supervisor < admin)."""
    if role not in auth.ROLE_RANK:
        raise ValueError(role)

    def mark(handler: Handler) -> Handler:
        handler.console_role = role  # type: ignore[attr-defined]
        return handler

    return mark


def api(handler: Handler) -> Handler:
    """Called by the console's JavaScript: answer 401 rather than redirect to the sign-in page."""
    handler.console_api = True  # type: ignore[attr-defined]
    return handler


def secure_cookies(settings: Settings) -> bool:
    """`Secure` cookies when the console is served over HTTPS (PUBLIC_BASE_URL), so plain-HTTP
    local runs and tests still work; production must use an https:// PUBLIC_BASE_URL."""
    return settings.public_base_url.lower().startswith("https://")


def set_session_cookie(response: web.StreamResponse, settings: Settings, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        path=PREFIX,
        max_age=settings.staff_session_minutes * 60,
        httponly=True,
        samesite="Strict",
        secure=secure_cookies(settings),
    )


def clear_session_cookie(response: web.StreamResponse, settings: Settings) -> None:
    response.del_cookie(COOKIE, path=PREFIX, secure=secure_cookies(settings), samesite="Strict")


def login_token(request: web.Request, response: web.StreamResponse) -> str:
    """The sign-in form's CSRF value, setting a fresh random cookie it is derived from.

    Double-submit: a page on another site can neither read this cookie nor compute the field.
    """
    settings = request.config_dict[keys.SETTINGS]
    nonce = secrets.token_urlsafe(24)
    response.set_cookie(
        LOGIN_COOKIE, nonce, path=PREFIX, httponly=True, samesite="Strict", secure=secure_cookies(settings)
    )
    return _login_field(settings, nonce)


def _login_field(settings: Settings, nonce: str) -> str:
    return hmac.new(settings.session_secret.encode(), b"staff-login:" + nonce.encode(), hashlib.sha256).hexdigest()


async def _submitted_token(request: web.Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()  # cached: the handler reads the same form again for free
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def csrf_ok(request: web.Request, staff: auth.Staff | None, public_handler: bool) -> bool:
    submitted = await _submitted_token(request)
    if not submitted:
        return False
    if public_handler:
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        expected = _login_field(request.config_dict[keys.SETTINGS], nonce) if nonce else ""
    else:
        expected = staff.csrf_token if staff is not None else ""
    return bool(expected) and hmac.compare_digest(submitted.encode(), expected.encode())


async def load_staff(request: web.Request) -> auth.Staff | None:
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 200:
        return None
    settings = request.config_dict[keys.SETTINGS]
    session_id = auth.session_id_for(token, settings.session_secret)
    return await run_in_session(request.config_dict[keys.SESSIONS], auth.current_staff, session_id)


def login_url(request: web.Request) -> str:
    target = request.path_qs if request.method == "GET" else PREFIX + "/"
    return f"{PREFIX}/login?next={quote(target, safe='')}"


RenderError = Callable[[web.Request, int, str, str], web.StreamResponse]


def make_guard(render_error: RenderError) -> Middleware:
    """The console's middleware; `render_error(request, status, title, text)` draws refusals."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        role = getattr(handler, "console_role", "agent")
        is_api = getattr(handler, "console_api", False)
        staff = await load_staff(request)
        if staff is not None:
            request[STAFF] = staff
        if role is not None:
            if staff is None:
                if is_api:
                    raise web.HTTPUnauthorized(text="Sign in again.")
                raise web.HTTPSeeOther(login_url(request))
            if not staff.can(role):
                return render_error(
                    request,
                    403,
                    "You cannot use this page",
                    "Your account does not have access to this page. Ask a supervisor if you need it.",
                )
        if request.method == "POST" and not await csrf_ok(request, staff, role is None):
            # Nothing has been done: the check runs before the handler.
            return render_error(
                request,
                403,
                "This form has expired",
                "Nothing was changed. Go back, refresh the page and try again.",
            )
        return await handler(request)

    return guard


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Sent with every console response (on_response_prepare, so streams get them too)."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # Console pages hold personal data: never keep them in a shared or back-button cache.
    response.headers.setdefault("Cache-Control", "no-store")
