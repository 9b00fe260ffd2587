"""One conversation: read it, claim it, reply, note, transfer, hand back, close, export.

Ownership changes go through the gateway's StaffDesk (which tells the person, announces the change
and audits it); this module adds the console's own audit rows (views, replies, notes, exports).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlalchemy.orm import Session

from bot import keys
from bot.console import labels, queries, route_check
from bot.console.appkeys import STAFF
from bot.console.auth import Staff
from bot.console.guard import requires
from bot.console.status import status_sentence
from bot.console.templating import error_page, page
from bot.routing.messages import clean_text
from bot.routing.ownership import OwnershipError
from bot.routing.staff_actions import MAX_STAFF_MESSAGE_CHARS
from bot.store.models import Note
from bot.store.repositories import audit

MAX_NOTE_CHARS = 4000
TAKEN = "Someone else has taken this conversation."

# ?done=… after a successful action (codes, never free text, so a link cannot inject a message).
DONE = {
    "claimed": "You have this conversation. The person has been told you've joined.",
    "sent": "Reply sent.",
    "noted": "Note saved. Only staff can see it.",
    **route_check.DONE,
}


def _path(contact_id: str, suffix: str = "") -> str:
    return f"/staff/conversations/{contact_id}{suffix}"


def _record(session: Session, staff_id: int, action: str, contact_id: str, **detail: Any) -> None:
    audit.record(session, audit.staff_actor(staff_id), action, contact_id, **detail)


def _record_reply(session: Session, staff_id: int, contact_id: str, message_id: int) -> None:
    # The message id, never its text: the transcript holds that, under retention and erasure.
    _record(session, staff_id, "staff_reply_sent", contact_id, message_id=message_id)


PageData = tuple[queries.Conversation, list[queries.StaffChoice], list[queries.Canned]]


def _page_data(session: Session, contact_id: str, staff_id: int, viewed: bool = False) -> PageData | None:
    """What the page shows, or None if staff may not see this contact; `viewed` audits it as a view."""
    conv = queries.conversation(session, contact_id)
    if conv is None:
        return None
    if viewed:
        _record(session, staff_id, "conversation_viewed", contact_id)
    return conv, queries.transfer_choices(session, staff_id), queries.canned_replies(session)


def _is_mine(conv: queries.Conversation, me: Staff) -> bool:
    h = conv.handoff
    return h is not None and h.status == "assigned" and h.claimed_by == me.id


def _context(
    conv: queries.Conversation,
    me: Staff,
    choices: list[queries.StaffChoice],
    canned: list[queries.Canned],
    errors: list[tuple[str, str]],
    done: str | None,
    reply_text: str,
) -> dict[str, Any]:
    """What conversation.html shows."""
    h = conv.handoff
    mine = _is_mine(conv, me)
    return {
        "conv": conv,
        "base_url": _path(conv.contact_id),
        "status": status_sentence(h, conv.owner, me),
        "errors": dict(errors),
        "done": DONE.get(done or ""),
        "mine": mine,
        # Only the holder ends a conversation, or a supervisor (their overruling is audited).
        "overrule": not mine and h is not None and h.status in ("queued", "assigned") and me.can("supervisor"),
        "choices": choices,
        "canned": canned,
        "reply_text": reply_text,
        "max_reply_chars": MAX_STAFF_MESSAGE_CHARS,
        "route_check": route_check.route_check(conv),
        "nav_current": "/staff/",
    }


def render_conversation(
    request: web.Request,
    conv: queries.Conversation,
    choices: list[queries.StaffChoice],
    canned: list[queries.Canned],
    *,
    status: int = 200,
    errors: list[tuple[str, str]] | None = None,
    done: str | None = None,
    reply_text: str = "",
) -> web.Response:
    context = _context(conv, request[STAFF], choices, canned, errors or [], done, reply_text)
    return page(request, "conversation.html", context, status=status)


async def _load(request: web.Request) -> PageData:
    data = await request.config_dict[keys.ROUTER].db(_page_data, request.match_info["contact_id"], request[STAFF].id)
    if data is None:
        raise web.HTTPNotFound()
    return data


async def rerender(
    request: web.Request, status: int, errors: list[tuple[str, str]], reply_text: str = ""
) -> web.Response:
    """The conversation page again, with `errors` shown (after a form that could not be done)."""
    conv, choices, canned = await _load(request)
    return render_conversation(request, conv, choices, canned, status=status, errors=errors, reply_text=reply_text)


async def conversation_page(request: web.Request) -> web.StreamResponse:
    """GET /staff/conversations/{contact_id} (audited as a view)."""
    me: Staff = request[STAFF]
    contact_id = request.match_info["contact_id"]
    data = await request.config_dict[keys.ROUTER].db(_page_data, contact_id, me.id, True)
    if data is None:
        return error_page(
            request, 404, "Conversation not found", "There is no handed-off conversation with this address."
        )
    conv, choices, canned = data
    reply_text = ""
    canned_id = request.query.get("canned", "")
    if canned_id.isdigit() and len(canned_id) < 10:
        chosen = next((c for c in canned if c.id == int(canned_id)), None)
        reply_text = chosen.text if chosen else ""
    return render_conversation(request, conv, choices, canned, done=request.query.get("done"), reply_text=reply_text)


async def claim(request: web.Request) -> web.StreamResponse:
    """POST …/claim: exactly one of several staff claiming at once wins."""
    me: Staff = request[STAFF]
    contact_id = request.match_info["contact_id"]
    router = request.config_dict[keys.ROUTER]
    if not await router.db(queries.was_handed_off, contact_id):
        raise web.HTTPNotFound()
    try:
        won = await request.config_dict[keys.STAFF_DESK].claim(contact_id, me.id)
    except OwnershipError as error:
        return await rerender(request, 409, [("status", str(error))])
    if not won:
        current = await router.db(queries.latest_handoff, contact_id)
        if current is not None and current.status == "assigned" and current.claimed_by == me.id:
            raise web.HTTPSeeOther(_path(contact_id) + "#reply-heading")
        if current is not None and current.status == "assigned":
            return await rerender(request, 409, [("status", TAKEN)])
        return await rerender(request, 409, [("status", "This conversation is no longer waiting for a person.")])
    raise web.HTTPSeeOther(_path(contact_id) + "?done=claimed#reply-heading")


def _wants_json(request: web.Request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


async def reply(request: web.Request) -> web.StreamResponse:
    """POST …/reply: send a message to the person on their own channel."""
    me: Staff = request[STAFF]
    contact_id = request.match_info["contact_id"]
    router = request.config_dict[keys.ROUTER]
    form = await request.post()
    text = str(form.get("text", ""))
    try:
        if not await router.db(queries.was_handed_off, contact_id):
            raise web.HTTPNotFound()
        view = await request.config_dict[keys.STAFF_DESK].send_staff_message(contact_id, me.id, text)
    except OwnershipError as error:
        if _wants_json(request):
            return web.json_response({"ok": False, "error": str(error)}, status=409)
        conv, choices, canned = await _load(request)
        # Shown at the reply box if there still is one, otherwise at the status line.
        field = "reply" if _is_mine(conv, me) else "status"
        return render_conversation(
            request, conv, choices, canned, status=409, errors=[(field, str(error))], reply_text=text
        )
    await router.db(_record_reply, me.id, contact_id, view["id"])
    if _wants_json(request):
        return web.json_response({"ok": True, "id": view["id"]})
    raise web.HTTPSeeOther(_path(contact_id) + "?done=sent#reply-heading")


def _add_note(session: Session, contact_id: str, staff_id: int, text: str) -> None:
    note = Note(contact_id=contact_id, staff_id=staff_id, text=text)
    session.add(note)
    session.flush()
    _record(session, staff_id, "note_added", contact_id, note_id=note.id)


async def add_note(request: web.Request) -> web.StreamResponse:
    """POST …/notes: an internal note (never sent to the person)."""
    me: Staff = request[STAFF]
    contact_id = request.match_info["contact_id"]
    router = request.config_dict[keys.ROUTER]
    form = await request.post()
    cleaned = clean_text(str(form.get("note", "")), MAX_NOTE_CHARS)
    if not await router.db(queries.was_handed_off, contact_id):
        raise web.HTTPNotFound()
    if not cleaned.text:
        return await rerender(request, 400, [("note", "Write the note first")])
    if cleaned.too_long:
        return await rerender(request, 400, [("note", f"Notes can be at most {MAX_NOTE_CHARS} characters")])
    await router.db(_add_note, contact_id, me.id, cleaned.text)
    raise web.HTTPSeeOther(_path(contact_id) + "?done=noted#notes-heading")


async def transfer(request: web.Request) -> web.StreamResponse:
    """POST …/transfer: give the conversation to a colleague."""
    me: Staff = request[STAFF]
    contact_id = request.match_info["contact_id"]
    form = await request.post()
    to = str(form.get("to", ""))
    if not to.isdigit() or int(to) == me.id:
        return await rerender(request, 400, [("to", "Choose a colleague to transfer to")])
    try:
        await request.config_dict[keys.STAFF_DESK].transfer(contact_id, me.id, int(to))
    except OwnershipError as error:
        return await rerender(request, 409, [("to", str(error))])
    raise web.HTTPSeeOther("/staff/?done=transferred")


async def hand_back(request: web.Request) -> web.StreamResponse:
    """POST …/hand-back: the assistant answers the person again."""
    me: Staff = request[STAFF]
    contact_id = request.match_info["contact_id"]
    try:
        await request.config_dict[keys.STAFF_DESK].hand_back(contact_id, me.id, as_supervisor=me.can("supervisor"))
    except OwnershipError as error:
        return await rerender(request, 409, [("status", str(error))])
    raise web.HTTPSeeOther("/staff/?done=handed_back")


async def close(request: web.Request) -> web.StreamResponse:
    """POST …/close with an outcome from the fixed list."""
    me: Staff = request[STAFF]
    contact_id = request.match_info["contact_id"]
    form = await request.post()
    outcome = form.get("outcome")
    if outcome not in labels.OUTCOMES:
        return await rerender(request, 400, [("outcome", "Choose the outcome of the conversation")])
    try:
        await request.config_dict[keys.STAFF_DESK].close(
            contact_id, me.id, str(outcome), as_supervisor=me.can("supervisor")
        )
    except OwnershipError as error:
        return await rerender(request, 409, [("status", str(error))])
    raise web.HTTPSeeOther("/staff/?done=closed")


def _export(session: Session, contact_id: str, staff_id: int) -> str | None:
    conv = queries.conversation(session, contact_id)
    if conv is None:
        return None
    _record(session, staff_id, "transcript_exported", contact_id, messages=len(conv.messages))
    lines = [f"Conversation {conv.contact_id}", f"Channel: {labels.label(labels.CHANNELS, conv.channel)}", ""]
    for m in conv.messages:
        who = labels.author(m["author"], m.get("staff_name"))
        lines.append(f"[{m['at']}] {who}: {m['text']}")
    return "\n".join(lines) + "\n"


@requires("supervisor")
async def export_transcript(request: web.Request) -> web.StreamResponse:
    """GET …/transcript.txt: the transcript as a text file (supervisors; audited)."""
    me: Staff = request[STAFF]
    contact_id = request.match_info["contact_id"]
    text = await request.config_dict[keys.ROUTER].db(_export, contact_id, me.id)
    if text is None:
        raise web.HTTPNotFound()
    return web.Response(
        text=text,
        content_type="text/plain",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="transcript-{contact_id}.txt"'},
    )
