""" "Exit this page": the widget's token is revoked on the server, not only forgotten by the browser.

The revocation is an audit row (`web_session_exited`, the contact id only). Audit rows are not tied
to the contact row, so a session that never sent a message can be revoked too, and every gateway
replica and restart sees it; a `session_ended` hub event closes its sockets on every replica.
"""

from __future__ import annotations

import json

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import keys
from bot.routing.hub import SESSION_ENDED
from bot.store.models import AuditEvent
from bot.store.repositories import audit

EXITED = "web_session_exited"
# Close code for sockets of a session that has exited (the widget that sent it is already gone).
CLOSE_EXITED = 4403


def record_exit(session: Session, contact_id: str) -> None:
    if not has_exited(session, contact_id):
        audit.record(session, "system", EXITED, contact_id)


def has_exited(session: Session, contact_id: str) -> bool:
    return (
        session.scalars(
            select(AuditEvent.id).where(AuditEvent.contact_id == contact_id, AuditEvent.action == EXITED).limit(1)
        ).first()
        is not None
    )


def _token_from(body: str, content_type: str) -> object:
    if content_type == "application/json":
        try:
            data = json.loads(body)
        except ValueError:
            return None
        return data.get("token") if isinstance(data, dict) else None
    return body.strip()


async def exit_session(request: web.Request) -> web.StreamResponse:
    """POST /api/web/session/exit: revoke the token in the body and close its sockets; always 204.

    The widget sends it with navigator.sendBeacon as text/plain: that survives the page being
    replaced and needs no CORS preflight from an embedding site. JSON {"token": …} also works.
    """
    channel = request.app[keys.WEB]
    origin = request.headers.get("Origin")
    if origin is not None and not channel.origin_allowed(origin):
        raise web.HTTPForbidden(text="Origin not allowed.")
    try:
        body = await request.text()
    except UnicodeDecodeError:
        body = ""
    session = channel.signer.verify(_token_from(body, request.content_type))
    if session is not None:
        contact_id = channel.contact_id_for(session.session_id)
        await request.app[keys.ROUTER].db(record_exit, contact_id)
        await channel.close_session(session.session_id, CLOSE_EXITED, b"exited")
        # Its other tabs may be open on other gateway replicas.
        await request.app[keys.HUB].publish({"type": SESSION_ENDED, "contact_id": contact_id})
    # The same answer whatever the token was: nothing here tells a caller whether one was valid.
    return web.Response(status=204, headers={"Cache-Control": "no-store"})
