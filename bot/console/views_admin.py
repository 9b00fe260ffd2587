"""Administrator pages: staff accounts (unlock, disable, enable). Creating accounts and setting
passwords stays on the command line (`python -m bot staff`), so no password ever crosses the web."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy.orm import Session

from bot import keys
from bot.console import queries
from bot.console.appkeys import LOGIN_FAILURES, STAFF, STREAMS
from bot.console.auth import Staff, revoke_all_sessions
from bot.console.guard import requires
from bot.console.templating import page
from bot.store.models import StaffMember
from bot.store.repositories import audit

PAST = {"unlock": "unlocked", "disable": "disabled", "enable": "enabled"}
DONE = {
    "unlocked": "Account unlocked.",
    "disabled": "Account disabled; its sessions have ended.",
    "enabled": "Account enabled.",
}


@dataclass(frozen=True)
class AccountRow:
    """One account as the page shows it: its state in words and the changes that apply to it."""

    account: queries.StaffAccount
    state: str
    changes: list[tuple[str, str]]  # (change in the URL, button text)


def _changes(a: queries.StaffAccount, me: Staff) -> list[tuple[str, str]]:
    if a.id == me.id:
        return []  # nobody locks themselves out
    possible = {"unlock": a.locked, "disable": not a.disabled, "enable": a.disabled}
    return [(change, change.title()) for change, applies in possible.items() if applies]


def _account_change(session: Session, admin_id: int, staff_id: int, change: str) -> str | None:
    """Make the change; the account's username, or None if there is no such (other) account."""
    staff = session.get(StaffMember, staff_id)
    if staff is None or staff.id == admin_id:
        return None
    if change == "unlock":
        staff.locked_until = None
        staff.failed_logins = 0
    elif change == "disable":
        staff.disabled = True
        staff.presence = "away"
        revoke_all_sessions(session, staff_id)
    elif change == "enable":
        staff.disabled = False
    audit.record(session, audit.staff_actor(admin_id), f"staff_account_{PAST[change]}", staff_id=staff_id)
    session.flush()
    return staff.username


@requires("admin")
async def accounts_page(request: web.Request) -> web.StreamResponse:
    """GET /staff/accounts: everyone's role and status; unlock, disable, enable."""
    me: Staff = request[STAFF]
    accounts = await request.config_dict[keys.ROUTER].db(queries.staff_accounts)
    throttle = request.config_dict[LOGIN_FAILURES]
    rows = []
    for a in accounts:
        # Failed sign-ins slow one address down rather than lock the account; "Unlock" clears that too.
        a = dataclasses.replace(a, locked=a.locked or await throttle.slowed(a.username))
        rows.append(AccountRow(a, "Disabled" if a.disabled else ("Locked" if a.locked else "Active"), _changes(a, me)))
    return page(request, "accounts.html", {"done": DONE.get(request.query.get("done", "")), "accounts": rows})


@requires("admin")
async def account_change(request: web.Request) -> web.StreamResponse:
    """POST /staff/accounts/{staff_id}/unlock|disable|enable"""
    change = request.match_info["change"]
    username = await request.config_dict[keys.ROUTER].db(
        _account_change, request[STAFF].id, int(request.match_info["staff_id"]), change
    )
    if username is None:
        raise web.HTTPNotFound()
    if change == "unlock":
        await request.config_dict[LOGIN_FAILURES].forget_account(username)
    elif change == "disable":
        # Their sessions are revoked; their open live streams would otherwise run to the next heartbeat.
        request.config_dict[STREAMS].end_for(int(request.match_info["staff_id"]))
    raise web.HTTPSeeOther(f"/staff/accounts?done={PAST[change]}")
