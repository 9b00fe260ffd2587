"""The website widget: session tokens over HTTP, the conversation over a websocket.

The contract is docs/web-protocol.md. Each socket subscribes to the hub for its conversation
before replaying what the widget missed, and remembers which message ids it has sent, so a
message reaches each connection exactly once however replay and live events interleave.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from sqlalchemy.orm import Session

from bot import keys
from bot.channels.client_address import rate_key
from bot.channels.ratelimit import EVERYONE, LimiterFactory, in_memory_limiter
from bot.channels.tokens import TokenSigner, WebSession
from bot.channels.web_exit import CLOSE_EXITED, has_exited
from bot.observability import request_ids
from bot.routing import canned, ownership, transcript
from bot.routing.availability import StaffHours, staff_available
from bot.routing.hub import MESSAGE, RESYNC, SESSION_ENDED, STATE, TYPING, Event
from bot.routing.messages import Button, clean_text
from bot.routing.router import Accepted, Incoming, Router, store_incoming
from bot.settings import Settings
from bot.store.crypto import AddressCipher
from bot.store.models import Contact
from bot.store.repositories.contacts import ensure_contact_for_address, record_source
from bot.store.repositories.handoffs import open_handoff
from bot.store.session import describe_error

log = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16 * 1024
MAX_BUTTON_PAYLOAD = 1024
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# How often an open socket checks for idle expiry and a changed queue position.
WATCH_INTERVAL_SECONDS = 10.0
# A refreshed token is pushed at most this often (it slides the idle expiry for a reload).
TOKEN_REFRESH_SECONDS = 60.0
# Messages showing danger that may pass the message limits, per session per ten minutes.
URGENT_PAST_LIMITS_PER_10_MINUTES = 5


def origin_of(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


class WebChannel:
    """Widget sessions: token signing, allowed origins, rate limits and the open sockets."""

    def __init__(self, settings: Settings, cipher: AddressCipher, limiter: LimiterFactory = in_memory_limiter) -> None:
        self.settings = settings
        self.cipher = cipher
        self.signer = TokenSigner(settings.session_secret, settings.web_session_max_hours * 3600)
        self.lifetime = settings.web_session_minutes * 60
        own = origin_of(settings.public_base_url)
        extra = {origin_of(o) for o in settings.allowed_origins.split(",") if o.strip()}
        self.origins = frozenset({own, *extra} - {""})
        self.own_origin = own
        # Per key (session, address or IPv6 /64), and global caps keyed by EVERYONE.
        # In Redis with REDIS_URL, so they hold for all replicas together; the open-socket caps below
        # count this replica's sockets only (docs/deployment.md).
        self.per_session = limiter("web_session_messages", settings.web_messages_per_minute, 60)
        self.per_address = limiter("web_address_messages", settings.web_address_messages_per_minute, 60)
        self.all_messages = limiter("web_all_messages", settings.web_global_messages_per_minute, 60)
        self.new_sessions = limiter("web_address_sessions", settings.web_sessions_per_hour, 3600)
        self.all_new_sessions = limiter("web_all_sessions", settings.web_global_sessions_per_minute, 60)
        self.connects = limiter("web_address_connects", settings.web_connects_per_minute, 60)
        # Danger is never refused for typing fast, but its pass is bounded too.
        self.urgent_past_limits = limiter("web_urgent_past_limits", URGENT_PAST_LIMITS_PER_10_MINUTES, 600)
        self.sockets: set[web.WebSocketResponse] = set()
        self.by_session: dict[str, set[web.WebSocketResponse]] = {}
        self.by_address: dict[str, int] = {}

    def origin_allowed(self, origin: str | None) -> bool:
        return origin is not None and origin.lower().rstrip("/") in self.origins

    def contact_id_for(self, session_id: str) -> str:
        return self.signer.contact_id_for(session_id)

    async def close_all(self) -> None:
        for ws in list(self.sockets):
            await ws.close(code=1001, message=b"Server shutting down")

    async def close_session(self, session_id: str, code: int, message: bytes) -> None:
        for ws in list(self.by_session.get(session_id, ())):
            await ws.close(code=code, message=message)

    async def message_allowed(self, session_id: str, address_key: str) -> bool:
        return (
            await self.per_session.admit(session_id)
            and await self.per_address.admit(address_key)
            and await self.all_messages.admit(EVERYONE)
        )

    async def urgent_message_allowed(self, session_id: str) -> bool:
        """Whether a message showing danger may pass the message limits (a few times per session)."""
        return await self.urgent_past_limits.admit(session_id)

    async def new_session_allowed(self, address_key: str) -> bool:
        return await self.new_sessions.admit(address_key) and await self.all_new_sessions.admit(EVERYONE)

    async def socket_refusal(self, session: WebSession | None, address_key: str) -> web.HTTPException | None:
        """Why a websocket may not open now (connect rate, global, per-address, per-session caps), or None."""
        settings = self.settings
        if not await self.connects.admit(address_key):
            return web.HTTPTooManyRequests(text="Too many connections; try again in a minute.")
        if len(self.sockets) >= settings.web_max_sockets:
            return web.HTTPServiceUnavailable(text="Too busy; try again shortly.")
        if self.by_address.get(address_key, 0) >= settings.web_sockets_per_address:
            return web.HTTPTooManyRequests(text="Too many open chats from this network.")
        if session is not None and len(self.by_session.get(session.session_id, ())) >= settings.web_sockets_per_session:
            return web.HTTPTooManyRequests(text="This chat is already open elsewhere.")
        return None

    def hold(self, ws: web.WebSocketResponse, session_id: str | None, address_key: str) -> None:
        self.sockets.add(ws)
        self.by_address[address_key] = self.by_address.get(address_key, 0) + 1
        if session_id is not None:
            self.by_session.setdefault(session_id, set()).add(ws)

    def release(self, ws: web.WebSocketResponse, session_id: str | None, address_key: str) -> None:
        self.sockets.discard(ws)
        left = self.by_address.get(address_key, 0) - 1
        if left > 0:
            self.by_address[address_key] = left
        else:
            self.by_address.pop(address_key, None)
        if session_id is not None:
            held = self.by_session.get(session_id, set())
            held.discard(ws)
            if not held:
                self.by_session.pop(session_id, None)


def _address_key(request: web.Request) -> str:
    # request.remote is the peer, or the client a trusted proxy forwarded for (client_address.py).
    return rate_key(request.remote or "unknown")


def _cors(request: web.Request, channel: WebChannel, response: web.StreamResponse) -> web.StreamResponse:
    origin = request.headers.get("Origin")
    if origin and channel.origin_allowed(origin) and origin.lower().rstrip("/") != channel.own_origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


def _json_error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": code, "message": message}, status=status)


async def session_preflight(request: web.Request) -> web.StreamResponse:
    """OPTIONS /api/web/session: CORS preflight for widgets embedded on ALLOWED_ORIGINS."""
    channel = request.app[keys.WEB]
    if not channel.origin_allowed(request.headers.get("Origin")):
        raise web.HTTPForbidden(text="Origin not allowed.")
    response = web.Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "POST"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = "600"
    return _cors(request, channel, response)


async def create_session(request: web.Request) -> web.StreamResponse:
    """POST /api/web/session: continue the conversation a valid token names, or start a new one."""
    channel = request.app[keys.WEB]
    origin = request.headers.get("Origin")
    if origin is not None and not channel.origin_allowed(origin):
        return _json_error(403, "forbidden", "This site may not open a chat here.")
    if request.content_type != "application/json":
        return _json_error(415, "bad_request", "Send JSON.")
    try:
        body = await request.json()
    except ValueError:
        return _json_error(400, "bad_request", canned.BAD_REQUEST)
    if not isinstance(body, dict):
        return _json_error(400, "bad_request", canned.BAD_REQUEST)
    previous = await _live_session(request, body.get("token"))
    if previous is not None:
        session_id, started, resumed = previous.session_id, previous.started_at, True
    else:
        if not await channel.new_session_allowed(_address_key(request)):
            return _cors(request, channel, _json_error(429, "rate_limited", canned.RATE_LIMITED))
        session_id, started, resumed = channel.signer.new_session_id(), None, False
    token, session = channel.signer.mint(session_id, channel.lifetime, started)
    response = web.json_response({"token": token, "expires_in": session.expires_in(), "resumed": resumed})
    response.headers["Cache-Control"] = "no-store"
    return _cors(request, channel, response)


async def _live_session(request: web.Request, token: object) -> WebSession | None:
    """The session a token names, unless it is invalid, expired, or its person used "Exit this page"."""
    channel = request.app[keys.WEB]
    session = channel.signer.verify(token)
    if session is None:
        return None
    if await request.app[keys.ROUTER].db(has_exited, channel.contact_id_for(session.session_id)):
        return None
    return session


async def websocket(request: web.Request) -> web.StreamResponse:
    """GET /channels/web/ws?token=…: the conversation."""
    channel = request.app[keys.WEB]
    if not channel.origin_allowed(request.headers.get("Origin")):
        # Refused before the upgrade: another site's page must not drive a person's conversation.
        raise web.HTTPForbidden(text="Origin not allowed.")
    address_key = _address_key(request)
    session = channel.signer.verify(request.query.get("token"))
    refusal = await channel.socket_refusal(session, address_key)
    if refusal is not None:
        raise refusal  # the widget retries with backoff, as after any failed connection
    session_id = session.session_id if session is not None else None
    ws = web.WebSocketResponse(heartbeat=30, max_msg_size=MAX_FRAME_BYTES)
    # Counted from before the revocation check and the upgrade, so concurrent opens cannot overshoot.
    channel.hold(ws, session_id, address_key)
    try:
        if session is not None and not await _live_session(request, request.query.get("token")):
            session = None
        await ws.prepare(request)
        if session is None:
            # Browsers cannot read a refused handshake's status, so say it in a frame the widget reads.
            await ws.send_json({"type": "error", "code": "expired", "message": canned.SESSION_EXPIRED})
            await ws.close(code=4401, message=b"expired")
            return ws
        await _Connection(request.app, ws, session, address_key).run()
    finally:
        channel.release(ws, session_id, address_key)
    return ws


def _frame(view: dict[str, Any]) -> dict[str, Any]:
    frame = {
        "type": "message",
        "id": view["id"],
        "author": view["author"],
        "text": view["text"],
        "buttons": view.get("buttons") or [],
        "at": view["at"],
    }
    if view.get("staff_name"):
        frame["staff_name"] = view["staff_name"]
    if view.get("client_id"):
        frame["client_id"] = view["client_id"]
    return frame


def _history(session: Session, contact_id: str, after: int) -> list[dict[str, Any]]:
    messages = transcript.messages_after(session, contact_id, after)
    names = transcript.staff_first_names(session, [m.staff_id for m in messages])
    return [transcript.message_view(m, names.get(m.staff_id or -1)) for m in messages]


def _store(
    session: Session, incoming: Incoming, cipher: AddressCipher, session_id: str, address: str, first: bool
) -> Accepted | None:
    """Store the person's message, with their contact on this connection's first message."""
    if first:
        # The source (network address key) lets the queue keep one client from burying another's emergency.
        ensure_contact_for_address(session, cipher, "web", session_id, incoming.contact_id)
        record_source(session, cipher, incoming.contact_id, address)
    return store_incoming(session, incoming)


def _contact_gone(session: Session, contact_id: str) -> bool:
    return session.get(Contact, contact_id) is None


def _state(session: Session, contact_id: str, hours: StaffHours) -> dict[str, Any]:
    frame: dict[str, Any] = {
        "type": "state",
        "owner": "bot",
        "queue_position": None,
        "staff_name": None,
        "staff_available": staff_available(session, hours),
    }
    contact = session.get(Contact, contact_id)
    if contact is None:
        return frame
    frame["owner"] = contact.owner
    handoff = open_handoff(session, contact_id)
    if handoff is not None:
        frame["queue_position"] = ownership.queue_position(session, handoff)
        if handoff.claimed_by is not None:
            frame["staff_name"] = transcript.staff_first_names(session, [handoff.claimed_by]).get(handoff.claimed_by)
    return frame


class _Connection:
    """One open widget socket."""

    def __init__(self, app: web.Application, ws: web.WebSocketResponse, session: WebSession, address: str) -> None:
        self.app = app
        self.ws = ws
        self.channel: WebChannel = app[keys.WEB]
        self.router: Router = app[keys.ROUTER]
        self.hours: StaffHours = app[keys.STAFF_HOURS]
        self.session_id = session.session_id
        self.contact_id = self.channel.contact_id_for(session.session_id)
        self.address = address
        self.started_at = session.started_at
        self.deadline = session.expires_at
        self.token_refreshed = time.time()
        self.sent: set[int] = set()
        self.after = 0
        self.contact_exists = False
        self.last_state: dict[str, Any] | None = None
        self.send_lock = asyncio.Lock()

    async def run(self) -> None:
        # Subscribe before anything is replayed, so nothing published meanwhile is missed.
        subscription = self.router.hub.subscribe(self.contact_id)
        pump: asyncio.Task[None] | None = None
        watch = asyncio.ensure_future(self._watch())
        try:
            await subscription.wait_ready()  # a Redis hub confirms it first (at once in process)
            async for frame in self.ws:
                if frame.type != WSMsgType.TEXT:
                    if frame.type == WSMsgType.BINARY:
                        await self._error("bad_request", canned.BAD_REQUEST)
                    continue
                data = self._decode(frame.data)
                if data is None:
                    await self._error("bad_request", canned.BAD_REQUEST)
                    continue
                try:
                    if pump is None:
                        # The first frame should be hello; anything else is treated as hello(after=0) first.
                        after = data.get("after", 0) if data.get("type") == "hello" else 0
                        if not isinstance(after, int) or isinstance(after, bool) or after < 0:
                            after = 0
                        await self._hello(after)
                        pump = asyncio.ensure_future(self._pump(subscription))
                        if data.get("type") == "hello":
                            continue
                    await self._handle(data)
                except Exception as error:  # noqa: BLE001 - one failed frame must not end the chat
                    if not await self._failed(error):
                        break
        finally:
            subscription.close()
            for task in (pump, watch):
                if task is not None:
                    task.cancel()
            await asyncio.gather(*(t for t in (pump, watch) if t is not None), return_exceptions=True)

    async def _failed(self, error: Exception) -> bool:
        """Log a failed frame safely and tell the widget; False if the connection should end.

        Its conversation erased meanwhile (retention, an erasure request) ends the session: the
        widget starts a new one. Anything else (the database down, say) is an error the person sees.
        """
        # A summary only: the error can quote the statement's values, which include what they typed.
        log.error("web channel: a frame for contact %s failed (%s)", self.contact_id, describe_error(error))
        try:
            gone = self.contact_exists and await self.router.db(_contact_gone, self.contact_id)
        except Exception as again:  # noqa: BLE001 - the database is still down
            log.error("web channel: could not re-read contact %s (%s)", self.contact_id, describe_error(again))
            gone = False
        if gone:
            await self._error("expired", canned.SESSION_EXPIRED)
            await self.ws.close(code=4401, message=b"expired")
            return False
        await self._error("unavailable", canned.RASA_UNAVAILABLE.text)
        return True

    @staticmethod
    def _decode(raw: str) -> dict[str, Any] | None:
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        return data if isinstance(data, dict) and isinstance(data.get("type"), str) else None

    async def _send(self, frame: dict[str, Any]) -> None:
        if self.ws.closed:
            return
        async with self.send_lock:
            try:
                await self.ws.send_json(frame)
            except ConnectionError:
                pass  # the socket went away; the reader loop ends on its own

    async def _error(self, code: str, message: str) -> None:
        await self._send({"type": "error", "code": code, "message": message})

    async def _send_message(self, view: dict[str, Any]) -> None:
        if view["id"] in self.sent:
            return
        self.sent.add(view["id"])
        await self._send(_frame(view))

    async def _hello(self, after: int) -> None:
        self.after = after
        for view in await self.router.db(_history, self.contact_id, after):
            await self._send_message(view)
        await self._send_state(force=True)

    async def _send_state(self, force: bool = False) -> None:
        state = await self.router.db(_state, self.contact_id, self.hours)
        if force or state != self.last_state:
            self.last_state = state
            await self._send(state)

    async def _pump(self, subscription: Any) -> None:
        async for event in subscription:
            try:
                await self._on_event(event)
            except Exception as error:  # noqa: BLE001 - the next event may well work
                log.error("web channel: an event for contact %s failed (%s)", self.contact_id, describe_error(error))

    async def _on_event(self, event: Event) -> None:
        kind = event.get("type")
        if kind == MESSAGE:
            await self._send_message(event["message"])
        elif kind == STATE:
            await self._send_state()
        elif kind == TYPING:
            await self._send({"type": "typing"})
        elif kind == SESSION_ENDED:
            await self.ws.close(code=CLOSE_EXITED, message=b"exited")
        elif kind == RESYNC:
            for view in await self.router.db(_history, self.contact_id, self.after):
                await self._send_message(view)
            await self._send_state()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(min(WATCH_INTERVAL_SECONDS, max(0.05, self.deadline - time.time())))
            if time.time() >= self.deadline:
                await self._error("expired", canned.SESSION_EXPIRED)
                await self.ws.close(code=4401, message=b"expired")
                return
            if self.last_state is not None and self.last_state.get("owner") == "queued":
                try:
                    await self._send_state()
                except Exception as error:  # noqa: BLE001 - try again next round
                    log.error("web channel: state for contact %s failed (%s)", self.contact_id, describe_error(error))

    def _touch(self) -> None:
        """The person is active: slide the idle expiry (never past the session's absolute end)."""
        self.deadline = min(time.time() + self.channel.lifetime, self.started_at + self.channel.signer.max_age)

    async def _refresh_token(self, force: bool = False) -> None:
        if not force and time.time() - self.token_refreshed < TOKEN_REFRESH_SECONDS:
            return
        token, session = self.channel.signer.mint(self.session_id, self.channel.lifetime, self.started_at)
        self.token_refreshed = time.time()
        await self._send({"type": "session", "token": token, "expires_in": session.expires_in()})

    async def _handle(self, data: dict[str, Any]) -> None:
        kind = data["type"]
        if kind in ("ping", "keepalive"):
            self._touch()
            token, session = self.channel.signer.mint(self.session_id, self.channel.lifetime, self.started_at)
            self.token_refreshed = time.time()
            await self._send({"type": "pong", "expires_in": session.expires_in(), "token": token})
            return
        if kind == "hello":
            return  # a repeated hello changes nothing: this connection already has everything
        if kind not in ("message", "button"):
            await self._error("bad_request", canned.BAD_REQUEST)
            return
        client_id = data.get("client_id")
        if client_id is not None and not (isinstance(client_id, str) and _CLIENT_ID.fullmatch(client_id)):
            await self._error("bad_request", canned.BAD_REQUEST)
            return
        button = None
        raw: object
        if kind == "button":
            payload, title = data.get("payload"), data.get("title")
            if not isinstance(payload, str) or not payload or len(payload) > MAX_BUTTON_PAYLOAD:
                await self._error("bad_request", canned.BAD_REQUEST)
                return
            title = title if isinstance(title, str) else payload
            button = Button(clean_text(title, 200).text or payload[:200], payload)
            raw = button.title
        else:
            raw = data.get("text")
            if not isinstance(raw, str):
                await self._error("bad_request", canned.BAD_REQUEST)
                return
        cleaned = clean_text(raw, self.channel.settings.max_message_chars)
        if not cleaned.text:
            await self._error("bad_request", canned.EMPTY_MESSAGE)
            return
        if cleaned.too_long:
            # Nothing is stored: the widget keeps the text so the person can split it.
            await self._error("too_long", canned.too_long(self.channel.settings.max_message_chars).text)
            return
        if not await self.channel.message_allowed(self.session_id, self.address) and not (
            self.router.danger_check(cleaned.text).urgent and await self.channel.urgent_message_allowed(self.session_id)
        ):
            await self._error("rate_limited", canned.RATE_LIMITED)
            return
        self._touch()
        request_ids.start()  # one socket carries many turns: each gets its own id
        incoming = Incoming(
            self.contact_id,
            "web",
            cleaned.text,
            button,
            channel_message_id=f"{self.contact_id}:{client_id}" if client_id else None,
            client_id=client_id,
        )
        accepted = await self.router.db(
            _store, incoming, self.channel.cipher, self.session_id, self.address, not self.contact_exists
        )
        self.contact_exists = True
        if accepted is not None:  # None: a resend of a message already stored (and already echoed)
            await self.router.announce(accepted)
            self.router.dispatch(accepted)
        await self._refresh_token()


__all__ = ["WebChannel", "create_session", "session_preflight", "websocket"]
