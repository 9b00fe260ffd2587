"""Supervisor pages: canned replies and the audit log (admins see them too; reports are in views_reports.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy.orm import Session

from bot import keys
from bot.console import queries
from bot.console.appkeys import STAFF
from bot.console.guard import requires
from bot.console.templating import page
from bot.routing.messages import clean_text
from bot.store.models import CannedReply
from bot.store.repositories import audit

MAX_TITLE = 120
MAX_TEXT = 4000

# ------------------------------------------------------------------------------------- canned replies

CANNED_DONE = {
    "added": "Canned reply added.",
    "saved": "Canned reply saved.",
    "hidden": "Canned reply hidden. Staff no longer see it.",
    "shown": "Canned reply shown to staff again.",
}


@dataclass(frozen=True)
class CannedItem:
    """One reply in the list, with what its edit form shows (what was typed, if saving failed)."""

    reply: queries.Canned
    title: str
    text: str
    errors: dict[str, str]


async def _canned_page(
    request: web.Request,
    *,
    status: int = 200,
    errors: list[tuple[str, str]] | None = None,
    draft: tuple[str, str] = ("", ""),
    edit_errors: dict[int, tuple[list[tuple[str, str]], str, str]] | None = None,
) -> web.Response:
    errors = errors or []
    edit_errors = edit_errors or {}
    all_replies = await request.config_dict[keys.ROUTER].db(queries.canned_replies, True)
    items = []
    for c in all_replies:
        errs, title, text = edit_errors.get(c.id, ([], c.title, c.text))
        items.append(CannedItem(c, title, text, dict(errs)))
    all_errors = errors + [e for errs, _, _ in edit_errors.values() for e in errs]
    context = {
        # The summary lists every error; each form shows only its own.
        "errors": dict(all_errors),
        "add_errors": dict(errors),
        "done": CANNED_DONE.get(request.query.get("done", "")),
        "draft_title": draft[0],
        "draft_text": draft[1],
        "replies": items,
        "max_title": MAX_TITLE,
    }
    return page(request, "canned.html", context, status=status)


@requires("supervisor")
async def canned_page(request: web.Request) -> web.StreamResponse:
    """GET /staff/canned-replies"""
    return await _canned_page(request)


def _validate(form: Mapping[str, object], prefix: str) -> tuple[str, str, list[tuple[str, str]]]:
    title = clean_text(str(form.get("title", "")), MAX_TITLE)
    text = clean_text(str(form.get("text", "")), MAX_TEXT)
    errors = []
    if not title.text:
        errors.append((f"{prefix}title", "Enter a title"))
    elif title.too_long:
        errors.append((f"{prefix}title", f"Titles can be at most {MAX_TITLE} characters"))
    if not text.text:
        errors.append((f"{prefix}text", "Enter the reply's text"))
    elif text.too_long:
        errors.append((f"{prefix}text", f"Replies can be at most {MAX_TEXT} characters"))
    return title.text, text.text, errors


def _add(session: Session, staff_id: int, title: str, text: str) -> None:
    canned = CannedReply(title=title, text=text, created_by=staff_id)
    session.add(canned)
    session.flush()
    audit.record(session, audit.staff_actor(staff_id), "canned_reply_added", canned_reply_id=canned.id)


def _change(session: Session, staff_id: int, canned_id: int, title: str, text: str) -> bool:
    canned = session.get(CannedReply, canned_id)
    if canned is None:
        return False
    canned.title, canned.text = title, text
    audit.record(session, audit.staff_actor(staff_id), "canned_reply_changed", canned_reply_id=canned_id)
    return True


def _set_active(session: Session, staff_id: int, canned_id: int, active: bool) -> bool:
    canned = session.get(CannedReply, canned_id)
    if canned is None:
        return False
    canned.active = active
    action = "canned_reply_shown" if active else "canned_reply_hidden"
    audit.record(session, audit.staff_actor(staff_id), action, canned_reply_id=canned_id)
    return True


@requires("supervisor")
async def canned_add(request: web.Request) -> web.StreamResponse:
    """POST /staff/canned-replies"""
    form = await request.post()
    title, text, errors = _validate(form, "new-")
    if errors:
        return await _canned_page(request, status=400, errors=errors, draft=(title, text))
    await request.config_dict[keys.ROUTER].db(_add, request[STAFF].id, title, text)
    raise web.HTTPSeeOther("/staff/canned-replies?done=added")


@requires("supervisor")
async def canned_change(request: web.Request) -> web.StreamResponse:
    """POST /staff/canned-replies/{canned_id}"""
    canned_id = int(request.match_info["canned_id"])
    form = await request.post()
    title, text, errors = _validate(form, f"c{canned_id}-")
    if errors:
        return await _canned_page(request, status=400, edit_errors={canned_id: (errors, title, text)})
    if not await request.config_dict[keys.ROUTER].db(_change, request[STAFF].id, canned_id, title, text):
        raise web.HTTPNotFound()
    raise web.HTTPSeeOther("/staff/canned-replies?done=saved")


@requires("supervisor")
async def canned_toggle(request: web.Request) -> web.StreamResponse:
    """POST /staff/canned-replies/{canned_id}/hide|show"""
    canned_id = int(request.match_info["canned_id"])
    active = request.match_info["toggle"] == "show"
    if not await request.config_dict[keys.ROUTER].db(_set_active, request[STAFF].id, canned_id, active):
        raise web.HTTPNotFound()
    raise web.HTTPSeeOther(f"/staff/canned-replies?done={'shown' if active else 'hidden'}")


# ------------------------------------------------------------------------------------- audit log

_ACTION = re.compile(r"[a-z_]{1,64}")
_CONTACT = re.compile(r"[A-Za-z0-9-]{1,36}")


@dataclass(frozen=True)
class AuditLine:
    """One row of the audit log as the page shows it."""

    at: dt.datetime
    who: str
    what: str
    contact_id: str | None
    detail: str


def _detail(detail: dict[str, object]) -> str:
    return ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(detail.items())) or "–"


@requires("supervisor")
async def audit_log(request: web.Request) -> web.StreamResponse:
    """GET /staff/audit: newest first, filter by action or contact, 50 a page."""
    action = request.query.get("action", "")
    action = action if _ACTION.fullmatch(action) else ""
    contact_id = request.query.get("contact", "").strip()
    contact_id = contact_id if _CONTACT.fullmatch(contact_id) else ""
    before_text = request.query.get("before", "")
    before = int(before_text) if before_text.isdigit() and len(before_text) < 19 else None
    router = request.config_dict[keys.ROUTER]
    rows = await router.db(
        lambda s: queries.audit_page(s, action=action or None, contact_id=contact_id or None, before=before)
    )
    actions = await router.db(queries.audit_actions)
    await router.db(lambda s: audit.record(s, request[STAFF].actor, "audit_log_viewed"))
    older = None
    if len(rows) == 50:
        older = urlencode(
            {
                "before": rows[-1].id,
                **({"action": action} if action else {}),
                **({"contact": contact_id} if contact_id else {}),
            }
        )
    context = {
        "actions": actions,
        "action": action,
        "contact": contact_id,
        "events": [
            AuditLine(
                at=r.at,
                who=f"{r.actor_name} ({r.actor})" if r.actor_name else r.actor,
                what=r.action.replace("_", " "),
                contact_id=r.contact_id,
                detail=_detail(r.detail),
            )
            for r in rows
        ],
        "older_query": older,
    }
    return page(request, "audit.html", context)
