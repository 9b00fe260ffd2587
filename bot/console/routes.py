"""The console's route table (mounted under /staff; docs/staff-console.md lists every route)."""

from __future__ import annotations

from aiohttp import web

from bot.console import (
    streams,
    views_admin,
    views_auth,
    views_conversation,
    views_correction,
    views_queue,
    views_reports,
    views_supervisor,
)
from bot.console.assets import static_file

CONVERSATION = "/conversations/{contact_id:[A-Za-z0-9-]{1,36}}"
CANNED = "/canned-replies/{canned_id:[0-9]{1,9}}"


def setup_routes(console: web.Application) -> None:
    r = console.router
    r.add_get("/", views_queue.queue_page, name="queue")
    r.add_get("/login", views_auth.login_page, name="login")
    r.add_post("/login", views_auth.login_submit)
    r.add_post("/logout", views_auth.logout, name="logout")
    r.add_post("/presence", views_auth.presence, name="presence")
    r.add_get("/queue/fragment", views_queue.queue_fragment, name="queue-fragment")
    r.add_get("/queue/events", streams.queue_events, name="queue-events")

    r.add_get(CONVERSATION, views_conversation.conversation_page, name="conversation")
    r.add_get(CONVERSATION + "/events", streams.conversation_events, name="conversation-events")
    r.add_post(CONVERSATION + "/claim", views_conversation.claim)
    r.add_post(CONVERSATION + "/reply", views_conversation.reply)
    r.add_post(CONVERSATION + "/notes", views_conversation.add_note)
    r.add_post(CONVERSATION + "/transfer", views_conversation.transfer)
    r.add_post(CONVERSATION + "/hand-back", views_conversation.hand_back)
    r.add_post(CONVERSATION + "/close", views_conversation.close)
    r.add_post(CONVERSATION + "/route-correction", views_correction.correct_route)
    r.add_post(CONVERSATION + "/route-correction/remove", views_correction.remove_correction)
    r.add_get(CONVERSATION + "/transcript.txt", views_conversation.export_transcript)

    r.add_get("/canned-replies", views_supervisor.canned_page, name="canned-replies")
    r.add_post("/canned-replies", views_supervisor.canned_add)
    r.add_post(CANNED, views_supervisor.canned_change)
    r.add_post(CANNED + "/{toggle:hide|show}", views_supervisor.canned_toggle)
    r.add_get("/audit", views_supervisor.audit_log, name="audit")
    r.add_get("/reports", views_reports.reports_page, name="reports")

    r.add_get("/accounts", views_admin.accounts_page, name="accounts")
    r.add_post("/accounts/{staff_id:[0-9]{1,9}}/{change:unlock|disable|enable}", views_admin.account_change)

    r.add_get("/static/{name}", static_file, name="static")
