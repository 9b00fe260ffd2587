"""Live updates for the console as server-sent events, fed by the gateway's event hub.

Server-sent events rather than a websocket: updates only flow one way (staff act through ordinary
POSTs, which also work without JavaScript), the browser's EventSource reconnects by itself and
sends `Last-Event-ID`, so a reconnect resumes the transcript where it stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from sqlalchemy.orm import Session

from bot import keys
from bot.console import auth, queries
from bot.console.appkeys import STAFF, STREAMS
from bot.console.guard import api
from bot.console.status import status_sentence
from bot.console.templating import fragment
from bot.routing.hub import MESSAGE, RESYNC, STATE, Event
from bot.store.models import Contact
from bot.store.repositories import audit
from bot.store.session import run_in_session

# A comment line this often keeps proxies from closing an idle stream and notices a dead client;
# it is also when the stream re-checks that the session is still valid.
HEARTBEAT_SECONDS = 15.0
# Several hub events in a burst (claim = message + state) become one queue refresh.
QUEUE_DEBOUNCE_SECONDS = 0.05
RETRY_MS = 2000


class Streams:
    """The open event streams, by staff member, so that shutdown or disabling an account ends them at once."""

    def __init__(self) -> None:
        self._tasks: dict[asyncio.Task[Any], int] = {}
        self._ended: set[asyncio.Task[Any]] = set()

    @contextlib.contextmanager
    def track(self, staff_id: int) -> Any:
        task = asyncio.current_task()
        assert task is not None
        self._tasks[task] = staff_id
        try:
            yield
        finally:
            self._tasks.pop(task, None)
            self._ended.discard(task)

    def __len__(self) -> int:
        return len(self._tasks)

    def ended_by_sign_out(self, task: asyncio.Task[Any] | None) -> bool:
        return task in self._ended

    def end_for(self, staff_id: int) -> int:
        """End every open stream of this staff member now (their account was disabled); how many."""
        tasks = [task for task, owner in self._tasks.items() if owner == staff_id]
        for task in tasks:
            self._ended.add(task)
            task.cancel()
        return len(tasks)

    async def close_all(self, _app: web.Application | None = None) -> None:
        for task in list(self._tasks):
            task.cancel()


def frame(event: str, data: dict[str, Any], event_id: int | None = None) -> bytes:
    """One server-sent event; JSON keeps the data on a single line whatever the text holds."""
    lines = []
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append(f"event: {event}")
    lines.append("data: " + json.dumps(data, separators=(",", ":")))
    return ("\n".join(lines) + "\n\n").encode("utf-8")


async def _open(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",  # nginx would otherwise hold events back
        }
    )
    await response.prepare(request)
    await response.write(f"retry: {RETRY_MS}\n\n".encode())
    return response


async def _events(request: web.Request, subscription: Any) -> AsyncIterator[Event | None]:
    """Hub events, with None at every heartbeat; ends when the session does."""
    staff = request[STAFF]
    sessions = request.config_dict[keys.SESSIONS]
    while True:
        try:
            yield await asyncio.wait_for(subscription.get(), HEARTBEAT_SECONDS)
        except asyncio.TimeoutError:
            if await run_in_session(sessions, auth.current_staff, staff.session_id) is None:
                return
            yield None


async def _run(request: web.Request, body: Any) -> web.StreamResponse:
    response = await _open(request)
    streams = request.config_dict[STREAMS]
    with streams.track(request[STAFF].id):
        try:
            await body(response)
            # The session ended: tell the page, which stops reconnecting and offers to sign in.
            await response.write(frame("signed_out", {}))
        except ConnectionError:
            pass  # the browser went away
        except asyncio.CancelledError:
            # The account was disabled (say so, as for a session that ended), or the gateway is stopping.
            if streams.ended_by_sign_out(asyncio.current_task()):
                with contextlib.suppress(ConnectionError):
                    await response.write(frame("signed_out", {}))
    return response


@api
async def queue_events(request: web.Request) -> web.StreamResponse:
    """GET /staff/queue/events: a `queue` event whenever the queue may have changed."""
    hub = request.config_dict[keys.HUB]

    async def body(response: web.StreamResponse) -> None:
        async with hub.subscribe() as subscription:
            # Whatever changed between the page being drawn and this stream opening.
            await response.write(frame("queue", {}))
            async for event in _events(request, subscription):
                if event is None:
                    await response.write(b": keepalive\n\n")
                    continue
                if event.get("type") not in (STATE, RESYNC):
                    continue
                await asyncio.sleep(QUEUE_DEBOUNCE_SECONDS)
                while not subscription.queue.empty():
                    subscription.queue.get_nowait()
                await response.write(frame("queue", {}))

    return await _run(request, body)


def _after(request: web.Request) -> int:
    raw = request.headers.get("Last-Event-ID") or request.query.get("after") or "0"
    return int(raw) if raw.isdigit() and len(raw) < 19 else 0


def _open_and_audit(session: Session, contact_id: str, staff_id: int) -> bool:
    if not queries.was_handed_off(session, contact_id):
        return False
    audit.record(session, audit.staff_actor(staff_id), "conversation_stream_opened", contact_id)
    return True


@api
async def conversation_events(request: web.Request) -> web.StreamResponse:
    """GET /staff/conversations/{contact_id}/events: new messages (as HTML) and status changes."""
    contact_id = request.match_info["contact_id"]
    router = request.config_dict[keys.ROUTER]
    staff = request[STAFF]
    # Audited like opening the page: the stream shows the same transcript.
    if not await router.db(_open_and_audit, contact_id, staff.id):
        raise web.HTTPNotFound()
    last = _after(request)

    async def send_messages(response: web.StreamResponse, views: list[dict[str, Any]]) -> None:
        nonlocal last
        for view in views:
            if view["id"] > last:
                last = view["id"]
                # The same partial the page lists its messages with.
                html = fragment(request, "_message.html", {"message": view})
                await response.write(frame("message", {"id": view["id"], "html": html}, view["id"]))

    async def send_state(response: web.StreamResponse) -> None:
        def read(session: Any) -> dict[str, Any]:
            conv_handoff = queries.latest_handoff(session, contact_id)
            owner = session.get(Contact, contact_id).owner
            return {
                "status": status_sentence(conv_handoff, owner, staff),
                "owner": owner,
                "handoff": conv_handoff.status if conv_handoff else None,
                "mine": bool(
                    conv_handoff and conv_handoff.claimed_by == staff.id and conv_handoff.status == "assigned"
                ),
            }

        await response.write(frame("state", await router.db(read)))

    async def body(response: web.StreamResponse) -> None:
        # Subscribe first, then replay: nothing published in between is missed.
        async with router.hub.subscribe(contact_id) as subscription:
            await send_messages(response, await router.db(queries.message_views, contact_id, last))
            async for event in _events(request, subscription):
                if event is None:
                    await response.write(b": keepalive\n\n")
                elif event.get("type") == MESSAGE:
                    await send_messages(response, [event["message"]])
                elif event.get("type") == STATE:
                    await send_state(response)
                elif event.get("type") == RESYNC:
                    await send_messages(response, await router.db(queries.message_views, contact_id, last))
                    await send_state(response)

    return await _run(request, body)
