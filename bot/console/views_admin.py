"""Administrator pages: staff accounts (unlock, disable, enable). Creating accounts and setting
passwords stays on the command line (`python -m bot staff`), so no password ever crosses the web."""

from __future__ import annotations

import dataclasses

from aiohttp import web
from sqlalchemy.orm import Session

from bot import keys
from bot.console import labels, queries
from bot.console.auth import Staff, revoke_all_sessions
from bot.console.guard import requires
from bot.console.html import Markup, escape, join, tag
from bot.console.appkeys import LOGIN_FAILURES, STAFF, STREAMS, TEMPLATES
from bot.console.render import csrf_input, notice, page
from bot.store.models import StaffMember
from bot.store.repositories import audit

PAST = {"unlock": "unlocked", "disable": "disabled", "enable": "enabled"}


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
        status = "Disabled" if a.disabled else ("Locked" if a.locked else "Active")
        buttons = []
        if a.id != me.id:
            for change, text in (("unlock", "Unlock"), ("disable", "Disable"), ("enable", "Enable")):
                if (change == "unlock" and a.locked) or (change == "disable" and not a.disabled) or (
                    change == "enable" and a.disabled
                ):
                    buttons.append(
                        Markup(
                            f'<form class="inline-form" method="post" action="/staff/accounts/{a.id}/{change}">{csrf_input(me)}'
                            f'<button class="button button--secondary button--small" type="submit">{text}'
                            f'<span class="visually-hidden"> {escape(a.display_name)}</span></button></form>'
                        )
                    )
        rows.append(
            Markup(
                "<tr>" + tag("td", a.display_name) + tag("td", a.username) + tag("td", labels.label(labels.ROLES, a.role))
                + tag("td", labels.label(labels.PRESENCE, a.presence)) + tag("td", status)
                + f"<td>{join(buttons) or Markup('–')}</td></tr>"
            )
        )
    table = Markup(
        '<div class="table-wrap"><table class="table"><caption class="visually-hidden">Staff accounts</caption>'
        '<thead><tr><th scope="col">Name</th><th scope="col">Username</th><th scope="col">Role</th>'
        '<th scope="col">Availability</th><th scope="col">Account</th><th scope="col">Actions</th></tr></thead>'
        f"<tbody>{join(rows)}</tbody></table></div>"
    )
    done = {"unlocked": "Account unlocked.", "disabled": "Account disabled; its sessions have ended.", "enabled": "Account enabled."}
    content = request.config_dict[TEMPLATES]["accounts"].render(
        notice=notice(done.get(request.query.get("done", ""))), table=table
    )
    return page(request, "Staff accounts", content)


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
