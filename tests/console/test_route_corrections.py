"""Staff mark a conversation's route as wrong and say what it should have been (audited), and
supervisors see the misroute rate by route on the reports page."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.routing import transcript
from bot.store.models import RouteCorrection
from bot.store.repositories.contacts import ensure_contact, record_route
from bot.store.repositories.handoffs import request_handoff

from .conftest import Console

ROUTE_TEXT = "the call handler was <b>rude</b> and hung up on me"


def routed_contact(
    console: Console, route: str | None, text: str = ROUTE_TEXT, *, button: bool = False, handed_off: bool = True
) -> tuple[str, int]:
    """A conversation: hello, the assistant, `text` (which set `route`), one more message; and that message's id."""
    contact_id = str(uuid.uuid4())

    def fn(session: Session) -> int:
        ensure_contact(session, contact_id, "web")

        def say(words: str, payload: dict | None = None) -> int:
            message = transcript.record(
                session,
                contact_id=contact_id,
                channel="web",
                direction="in",
                author="user",
                text=words,
                payload=payload,
            )
            assert message is not None
            return message.id

        say("hello")
        transcript.record(session, contact_id=contact_id, channel="web", direction="out", author="bot", text="Hi.")
        setting = say(text, {"payload": "/make_complaint"} if button else None)
        if route is not None:
            record_route(session, contact_id, route, f"{contact_id}:route")
        say("can i talk to someone")
        if handed_off:
            request_handoff(session, contact_id, "human_requested", 2, "en", None)
        return setting

    return contact_id, console.query(fn)


def correction(console: Console, contact_id: str) -> RouteCorrection | None:
    return console.query(
        lambda s: s.scalars(select(RouteCorrection).where(RouteCorrection.contact_id == contact_id)).one_or_none()
    )


def section(page: str) -> str:
    match = re.search(r'<section class="route-check".*?</section>', page, re.S)
    assert match, "no route check section"
    return match.group()


async def test_an_agent_marks_a_wrong_route_changes_it_and_takes_it_back(make_console, migrated_database_url) -> None:
    # On SQLite and on PostgreSQL.
    console: Console = await make_console(migrated_database_url)
    sam_id = console.add_staff("sam", "Sam Jones")
    kim_id = console.add_staff("kim", "Kim Lee")
    contact_id, setting = routed_contact(console, "serious_incident")
    url = f"/staff/conversations/{contact_id}"
    sam = await (await console.staff()).signed_in("sam")

    check = section(await sam.page(url))
    assert "The assistant chose <strong>Serious incident</strong> from this message:" in check
    assert "the call handler was &lt;b&gt;rude&lt;/b&gt; and hung up on me" in check  # escaped, never markup
    assert '<label class="label" for="intent">What should the route have been?</label>' in check
    assert 'aria-describedby="intent-hint"' in check
    assert (
        '<optgroup label="Information"><option value="ask_who_we_are">Information: who runs this service</option>'
        in check
    )
    assert '<option value="make_complaint">Complain to the force</option>' in check
    assert 'value="report_serious_incident"' not in check  # the route it already has is not offered

    # Without the session's CSRF token nothing is saved.
    refused = await sam.post(url + "/route-correction", {"intent": "make_complaint", "csrf_token": "forged"})
    assert refused.status == 403 and correction(console, contact_id) is None

    done = await sam.post(url + "/route-correction", {"intent": "make_complaint"})
    assert done.status == 303
    assert done.headers["Location"] == f"{url}?done=corrected#route-check-heading"
    saved = correction(console, contact_id)
    assert (saved.original_route, saved.corrected_route, saved.corrected_intent) == (
        "serious_incident",
        "complain_to_force",
        "make_complaint",
    )
    assert (saved.message_id, saved.staff_id) == (setting, sam_id)
    assert console.contact(contact_id).triage_outcome == "serious_incident"  # nothing changes for the person
    [added] = console.audit("route_correction_added")
    assert (added.actor, added.contact_id) == (f"staff:{sam_id}", contact_id)
    assert (added.detail["old_route"], added.detail["new_route"], added.detail["new_intent"]) == (
        None,
        "complain_to_force",
        "make_complaint",
    )
    assert "rude" not in str(added.detail)  # the audit trail holds codes, never what the person wrote

    page = await sam.page(url + "?done=corrected")
    assert "Route correction saved. Nothing changes for the person." in page
    assert (
        "<strong>Marked as wrong</strong> by Sam Jones" in page
        and "It should have been: Complain to the force." in page
    )
    assert '<option value="make_complaint" selected>' in page

    # A colleague who can see the conversation can change it; that is audited with old and new.
    kim = await (await console.staff()).signed_in("kim")
    await kim.page(url)
    assert (await kim.post(url + "/route-correction", {"intent": "ask_how_to_complain"})).status == 303
    [changed] = console.audit("route_correction_changed")
    assert changed.actor == f"staff:{kim_id}"
    assert (changed.detail["old_intent"], changed.detail["new_route"], changed.detail["new_intent"]) == (
        "make_complaint",
        "information",
        "ask_how_to_complain",
    )
    assert "It should have been: Information: how to complain." in await kim.page(url)

    # The route the assistant chose, or no choice at all, is refused with the reason at the field.
    same = await kim.post(url + "/route-correction", {"intent": "report_serious_incident"})
    text = await same.text()
    assert same.status == 400 and "<title>Error: Conversation" in text
    assert 'href="#intent">That is the route the assistant chose.' in text
    assert '<span class="visually-hidden">Error:</span> That is the route the assistant chose.' in text
    assert 'aria-describedby="intent-hint intent-error" aria-invalid="true"' in text
    blank = await kim.post(url + "/route-correction", {"intent": ""})
    assert blank.status == 400 and "Choose the route it should have been." in await blank.text()
    assert correction(console, contact_id).corrected_intent == "ask_how_to_complain"

    removed = await kim.post(url + "/route-correction/remove")
    assert removed.status == 303 and removed.headers["Location"] == f"{url}?done=correction_removed#route-check-heading"
    assert correction(console, contact_id) is None
    [gone] = console.audit("route_correction_removed")
    assert (gone.actor, gone.detail["old_intent"]) == (f"staff:{kim_id}", "ask_how_to_complain")


async def test_only_staff_who_can_see_the_conversation_can_correct_it(console: Console) -> None:
    console.add_staff("sam")
    hidden, _ = routed_contact(console, "serious_incident", handed_off=False)
    shown, _ = routed_contact(console, "serious_incident")
    stranger = await console.staff()
    response = await stranger.post(
        f"/staff/conversations/{shown}/route-correction", {"intent": "make_complaint"}, csrf=False
    )
    assert response.status == 303 and response.headers["Location"].startswith("/staff/login")

    sam = await (await console.staff()).signed_in("sam")
    # Never handed to a person: staff cannot see it, so cannot correct it either.
    response = await sam.post(f"/staff/conversations/{hidden}/route-correction", {"intent": "make_complaint"})
    assert response.status == 404
    assert correction(console, hidden) is None and correction(console, shown) is None
    assert not console.audit("route_correction_added")


async def test_a_route_from_a_button_or_no_route_at_all(console: Console) -> None:
    console.add_staff("sam")
    pressed, _ = routed_contact(console, "complain_to_force", "Make a complaint", button=True)
    unrouted, _ = routed_contact(console, None, "what is this")
    sam = await (await console.staff()).signed_in("sam")

    check = section(await sam.page(f"/staff/conversations/{pressed}"))
    assert "because the person pressed the button “Make a complaint”" in check
    assert (await sam.post(f"/staff/conversations/{pressed}/route-correction", {"intent": "ask_review"})).status == 303
    assert correction(console, pressed).message_id is None

    check = section(await sam.page(f"/staff/conversations/{unrouted}"))
    assert "has not chosen a route yet" in check and "<select" not in check
    response = await sam.post(f"/staff/conversations/{unrouted}/route-correction", {"intent": "ask_review"})
    assert response.status == 400 and "nothing to correct" in await response.text()


async def test_reports_show_the_misroute_rate_by_route(make_console, migrated_database_url) -> None:
    # On SQLite and on PostgreSQL.
    console: Console = await make_console(migrated_database_url)
    console.add_staff("sam")
    console.add_staff("boss", "Bo Boss", role="supervisor")
    serious = [routed_contact(console, "serious_incident", handed_off=n < 3)[0] for n in range(4)]
    routed_contact(console, "information", "how do i complain", handed_off=False)
    routed_contact(console, None, "hello there")
    sam = await (await console.staff()).signed_in("sam")
    assert (
        await sam.post(f"/staff/conversations/{serious[0]}/route-correction", {"intent": "make_complaint"})
    ).status == 303

    # Agents cannot read reports.
    assert (await sam.get("/staff/reports")).status == 403
    boss = await (await console.staff()).signed_in("boss")
    page = await boss.page("/staff/reports")
    assert '<h2 id="misroutes-heading">Routes staff marked as wrong</h2>' in page
    assert "<caption>Routes staff marked as wrong</caption>" in page
    assert (
        '<th scope="col">Route the assistant chose</th><th scope="col">Conversations</th>'
        '<th scope="col">Handed to a person</th><th scope="col">Marked as wrong</th><th scope="col">Misroute rate</th>'
    ) in page
    assert (
        '<th scope="row">Serious incident</th><td class="num">4</td><td class="num">3</td>'
        '<td class="num">1</td><td class="num">25.0%</td>'
    ) in page
    assert (
        '<th scope="row">Information</th><td class="num">1</td><td class="num">0</td>'
        '<td class="num">0</td><td class="num">0.0%</td>'
    ) in page
    assert serious[0] not in page  # figures only
