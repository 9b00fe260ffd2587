"""Supervisors manage canned replies and read the audit log and reports; administrators manage accounts."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select, update

from bot.console.reports import period
from bot.routing.availability import StaffHours, staff_available
from bot.store.base import utcnow
from bot.store.models import CannedReply, Handoff, StaffMember

from .conftest import Console


async def test_supervisors_add_change_hide_and_show_canned_replies(console: Console) -> None:
    console.add_staff("boss", "Bo Boss", role="supervisor")
    boss = await (await console.staff()).signed_in("boss")
    await boss.page("/staff/canned-replies")

    response = await boss.post("/staff/canned-replies", {"title": "", "text": ""})
    text = await response.text()
    assert response.status == 400
    assert 'href="#new-title">Enter a title' in text and 'href="#new-text">Enter the reply' in text

    assert (
        await boss.post("/staff/canned-replies", {"title": "Greeting", "text": "Hello, how can I help?"})
    ).status == 303
    canned = console.query(lambda s: s.scalars(select(CannedReply)).one())
    assert canned.active and canned.created_by is not None

    response = await boss.post(f"/staff/canned-replies/{canned.id}", {"title": "Greeting", "text": ""})
    assert response.status == 400 and "<details open>" in await response.text()
    await boss.post(f"/staff/canned-replies/{canned.id}", {"title": "Welcome", "text": "Hello there."})
    await boss.post(f"/staff/canned-replies/{canned.id}/hide")
    changed = console.query(lambda s: s.get(CannedReply, canned.id))
    assert (changed.title, changed.text, changed.active) == ("Welcome", "Hello there.", False)
    assert "Hidden" in await boss.page("/staff/canned-replies")
    await boss.post(f"/staff/canned-replies/{canned.id}/show")
    assert console.query(lambda s: s.get(CannedReply, canned.id)).active is True
    assert [e.action for e in console.audit() if e.action.startswith("canned_")] == [
        "canned_reply_added",
        "canned_reply_changed",
        "canned_reply_hidden",
        "canned_reply_shown",
    ]
    assert (await boss.post("/staff/canned-replies/999/hide")).status == 404


async def test_the_audit_log_filters_by_action_and_contact(console: Console) -> None:
    console.add_staff("sam")
    console.add_staff("boss", "Bo Boss", role="supervisor")
    sam = await (await console.staff()).signed_in("sam")
    first, second = console.queued_contact(), console.queued_contact()
    await sam.post(f"/staff/conversations/{first}/claim")
    await sam.post(f"/staff/conversations/{second}/claim")
    boss = await (await console.staff()).signed_in("boss")

    everything = await boss.page("/staff/audit")
    assert "handoff claimed" in everything and "staff login" in everything and "Sam Jones (staff:" in everything
    only_first = await boss.page(f"/staff/audit?contact={first}")
    assert first in only_first and second not in only_first
    logins = await boss.page("/staff/audit?action=staff_login")
    assert "handoff claimed" not in re.sub(r"<select.*?</select>", "", logins, flags=re.S)
    # Nonsense filters are ignored, not passed to the database.
    assert (await boss.get("/staff/audit?action=DROP%20TABLE&contact=%3Cx%3E&before=abc")).status == 200
    assert console.audit("audit_log_viewed")


async def test_reports_draw_charts_with_the_same_figures_in_tables(console: Console) -> None:
    console.add_staff("sam")
    console.add_staff("boss", "Bo Boss", role="supervisor")
    urgent = console.queued_contact(priority=0, channel="sms", triage_outcome="emergency")
    routine = console.queued_contact(priority=2, channel="web", triage_outcome="information")
    console.queued_contact(priority=2, channel="web", triage_outcome="information")
    sam = await (await console.staff()).signed_in("sam")
    await sam.post(f"/staff/conversations/{routine}/claim")
    # The routine one waited 10 minutes before Sam took it.
    console.query(
        lambda s: s.execute(
            update(Handoff)
            .where(Handoff.contact_id == routine)
            .values(requested_at=utcnow() - dt.timedelta(minutes=10, seconds=30))
        )
    )
    boss = await (await console.staff()).signed_in("boss")
    page = await boss.page("/staff/reports")
    assert page.count('role="img"') == 4 and '<title id="chart-days-title">' in page
    assert "<caption>Contacts per day by channel (UTC days)</caption>" in page
    today = utcnow().date().strftime("%a %d %b")
    # Today's row: 2 web chats, 1 SMS, 3 in all.
    assert f'<th scope="row">{today}</th><td class="num">2</td><td class="num">1</td><td class="num">3</td>' in page
    assert '<th scope="row">Information</th><td class="num">2</td>' in page
    assert '<th scope="row">Emergency</th><td class="num">1</td>' in page
    assert "<caption>Contacts per day by route (UTC days)</caption>" in page
    assert f'<th scope="row">{today}</th><td class="num">2</td><td class="num">1</td></tr>' in page
    assert '<th scope="row">Picked up by staff</th><td class="num">1</td>' in page
    assert '<th scope="row">Wait, median (p50)</th><td class="num">10 min</td>' in page
    assert '<th scope="row">Urgent</th><td class="num">1</td>' in page
    assert '<th scope="row">With staff</th><td class="num">1</td>' in page
    assert urgent not in page  # figures only: no contact ids
    assert console.audit("report_viewed")

    bad = await boss.get("/staff/reports?since=yesterday")
    assert bad.status == 400 and "Enter the date as year-month-day" in await bad.text()


def test_the_report_period_is_bounded() -> None:
    today = dt.date(2025, 6, 30)
    assert period(None, today) == (dt.date(2025, 6, 17), None)
    assert period("2025-06-01", today) == (dt.date(2025, 6, 1), None)
    since, error = period("2020-01-01", today)
    assert (today - since).days == 91 and "at most 92 days" in error
    assert period("2025-07-01", today)[1] == "The date must be today or in the past"


async def test_administrators_unlock_and_disable_accounts(console: Console) -> None:
    sam_id = console.add_staff("sam")
    console.add_staff("root", "Ada Min", role="admin")
    sam = await (await console.staff()).signed_in("sam")
    console.query(
        lambda s: s.execute(
            update(StaffMember).where(StaffMember.id == sam_id).values(locked_until=utcnow() + dt.timedelta(minutes=10))
        )
    )
    admin = await (await console.staff()).signed_in("root")
    page = await admin.page("/staff/accounts")
    assert "Locked" in page and 'Unlock<span class="visually-hidden"> Sam Jones' in page
    await admin.post(f"/staff/accounts/{sam_id}/unlock")
    assert console.query(lambda s: s.get(StaffMember, sam_id)).locked_until is None
    await admin.post(f"/staff/accounts/{sam_id}/disable")
    assert console.query(lambda s: s.get(StaffMember, sam_id)).disabled is True
    assert (await sam.get("/staff/")).status == 303  # Sam's session ended with the account
    assert [e.action for e in console.audit() if e.action.startswith("staff_account_")] == [
        "staff_account_unlocked",
        "staff_account_disabled",
    ]


async def test_presence_switch_drives_the_nobody_available_path(console: Console) -> None:
    sam_id = console.add_staff("sam", presence="away")
    sam = await (await console.staff()).signed_in("sam")
    always = StaffHours.parse("always")
    assert console.query(lambda s: staff_available(s, always)) is False
    page = await sam.page("/staff/")
    assert "Set yourself available" in page
    response = await sam.post("/staff/presence", {"presence": "available", "next": "/staff/reports"})
    assert response.status == 303 and response.headers["Location"] == "/staff/reports"
    assert console.query(lambda s: s.get(StaffMember, sam_id)).presence == "available"
    assert console.query(lambda s: staff_available(s, always)) is True
    assert "Set yourself away" in await sam.page("/staff/")
    assert (await sam.post("/staff/presence", {"presence": "asleep"})).status == 400
