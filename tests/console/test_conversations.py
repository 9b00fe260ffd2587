"""Staff take a conversation from the queue, answer the person on their own channel, keep notes,
and pass it on, hand it back or close it. Everything the public wrote is shown escaped."""

from __future__ import annotations

import asyncio

from markupsafe import escape
from sqlalchemy import select, text

from bot.store.models import Note

from .conftest import SCRIPT_MESSAGE as SCRIPT
from .conftest import Console


async def test_two_staff_claiming_at_once_exactly_one_wins(make_console, migrated_database_url) -> None:
    # On SQLite and on PostgreSQL (the claim is one conditional UPDATE; both must let only one match).
    console: Console = await make_console(migrated_database_url)
    console.add_staff("sam", "Sam Jones")
    console.add_staff("kim", "Kim Lee")
    sam = await (await console.staff()).signed_in("sam")
    kim = await (await console.staff()).signed_in("kim")
    contact_id = console.queued_contact()
    await sam.page(f"/staff/conversations/{contact_id}")
    await kim.page(f"/staff/conversations/{contact_id}")

    responses = await asyncio.gather(
        sam.post(f"/staff/conversations/{contact_id}/claim"), kim.post(f"/staff/conversations/{contact_id}/claim")
    )
    statuses = sorted(r.status for r in responses)
    assert statuses == [303, 409]
    loser = next(r for r in responses if r.status == 409)
    text = await loser.text()
    assert "Someone else has taken this conversation" in text
    assert 'role="alert"' in text and "Claim conversation" not in text
    handoff = console.handoff(contact_id)
    winner_name = "Sam" if responses[0].status == 303 else "Kim"
    assert handoff.status == "assigned"
    joined = [m.text for m in console.messages(contact_id) if m.author == "system"]
    assert joined == [f"{winner_name} from our team has joined the conversation."]


async def test_a_reply_reaches_the_persons_widget_and_the_transcript(console: Console) -> None:
    console.add_staff("sam", "Sam Jones")
    person, contact_id = await console.escalated_person()
    sam = await (await console.staff()).signed_in("sam")
    queue = await sam.page("/staff/")
    assert f"/staff/conversations/{contact_id}" in queue
    assert "Waiting for a person" in queue

    assert (await sam.post(f"/staff/conversations/{contact_id}/claim")).status == 303
    await person.until(lambda f: f["type"] == "message" and "Sam from our team has joined" in f["text"])
    await person.until(lambda f: f["type"] == "state" and f["owner"] == "staff")

    response = await sam.post(f"/staff/conversations/{contact_id}/reply", {"text": "Hello, I'm Sam. How can I help?"})
    assert response.status == 303
    frame = await person.until(lambda f: f["type"] == "message" and f["author"] == "staff")
    assert frame["text"] == "Hello, I'm Sam. How can I help?" and frame["staff_name"] == "Sam"

    page = await sam.page(f"/staff/conversations/{contact_id}")
    assert "Staff: Sam" in page and escape("Hello, I'm Sam. How can I help?") in page
    assert "Person</span>" in page and "Automatic message" in page
    stored = [m for m in console.messages(contact_id) if m.author == "staff"]
    assert len(stored) == 1 and stored[0].direction == "out" and stored[0].staff_id is not None
    assert console.handoff(contact_id).first_staff_reply_at is not None


async def test_the_javascript_reply_path_answers_json(console: Console) -> None:
    console.add_staff("sam")
    sam = await (await console.staff()).signed_in("sam")
    contact_id = console.queued_contact()
    await sam.post(f"/staff/conversations/{contact_id}/claim")
    headers = {"Accept": "application/json", "X-CSRF-Token": sam.csrf}
    ok = await sam.client.post(f"/staff/conversations/{contact_id}/reply", data={"text": "Hi"}, headers=headers)
    assert ok.status == 200 and (await ok.json())["ok"] is True
    empty = await sam.client.post(f"/staff/conversations/{contact_id}/reply", data={"text": "  "}, headers=headers)
    assert empty.status == 409 and (await empty.json()) == {"ok": False, "error": "Write a message first."}


async def test_only_the_holder_can_reply_and_a_failed_reply_keeps_the_draft(console: Console) -> None:
    console.add_staff("sam", "Sam Jones")
    console.add_staff("kim", "Kim Lee")
    sam = await (await console.staff()).signed_in("sam")
    kim = await (await console.staff()).signed_in("kim")
    contact_id = console.queued_contact()
    await sam.post(f"/staff/conversations/{contact_id}/claim")
    response = await kim.post(f"/staff/conversations/{contact_id}/reply", {"text": "Kim's draft answer"})
    text = await response.text()
    assert response.status == 409
    assert "Claim this conversation before replying" in text
    assert '<span class="visually-hidden">Error:</span>' in text
    assert not [m for m in console.messages(contact_id) if m.author == "staff"]
    page = await kim.page(f"/staff/conversations/{contact_id}")
    assert "With Sam Jones." in page and 'id="reply"' not in page

    # The holder's too-long reply is refused, and the box still holds it.
    draft = "x" * 4001
    response = await sam.post(f"/staff/conversations/{contact_id}/reply", {"text": draft})
    text = await response.text()
    assert response.status == 409 and "at most 4000 characters" in text
    assert f">{draft}</textarea>" in text and 'aria-describedby="reply-error"' in text


async def test_handing_back_returns_the_conversation_to_the_assistant(console: Console) -> None:
    console.add_staff("sam")
    person, contact_id = await console.escalated_person()
    sam = await (await console.staff()).signed_in("sam")
    await sam.post(f"/staff/conversations/{contact_id}/claim")
    await sam.page(f"/staff/conversations/{contact_id}")
    response = await sam.post(f"/staff/conversations/{contact_id}/hand-back")
    assert response.status == 303 and response.headers["Location"] == "/staff/?done=handed_back"
    assert console.contact(contact_id).owner == "bot"
    assert console.handoff(contact_id).status == "handed_back"
    await person.until(lambda f: f["type"] == "message" and f["text"] == "You're back with the assistant.")
    await person.until(lambda f: f["type"] == "state" and f["owner"] == "bot")
    queue = await sam.page("/staff/?done=handed_back")
    assert "Handed back to the assistant" in queue and contact_id not in queue

    # The person's next message goes to the assistant again (here Rasa is down, so its apology).
    await person.say("are you there?")
    await person.until(lambda f: f["type"] == "message" and "something went wrong" in f["text"])


async def test_closing_records_the_outcome_from_the_fixed_list(console: Console) -> None:
    console.add_staff("sam")
    person, contact_id = await console.escalated_person()
    sam = await (await console.staff()).signed_in("sam")
    await sam.post(f"/staff/conversations/{contact_id}/claim")

    response = await sam.post(f"/staff/conversations/{contact_id}/close", {"outcome": "made_up_outcome"})
    assert response.status == 400
    assert "Choose the outcome" in await response.text()
    response = await sam.post(f"/staff/conversations/{contact_id}/close", {})
    assert response.status == 400
    assert console.handoff(contact_id).status == "assigned"

    response = await sam.post(f"/staff/conversations/{contact_id}/close", {"outcome": "signposted"})
    assert response.status == 303
    handoff = console.handoff(contact_id)
    assert handoff.status == "closed_by_staff" and handoff.closing_outcome == "signposted"
    assert console.contact(contact_id).owner == "closed"
    await person.until(lambda f: f["type"] == "message" and "has now been closed" in f["text"])
    page = await sam.page(f"/staff/conversations/{contact_id}")
    assert "Closed: signposted to another organisation." in page

    # Writing again reopens it for the assistant (here Rasa is down, so its apology).
    earlier = {id(frame) for frame in person.frames}
    await person.say("one more thing")
    await person.until(
        lambda f: id(f) not in earlier and f["type"] == "message" and "something went wrong" in f["text"]
    )
    assert console.contact(contact_id).owner == "bot"


async def test_transfer_gives_the_conversation_to_a_colleague(console: Console) -> None:
    console.add_staff("sam", "Sam Jones")
    kim_id = console.add_staff("kim", "Kim Lee")
    person, contact_id = await console.escalated_person()
    sam = await (await console.staff()).signed_in("sam")
    kim = await (await console.staff()).signed_in("kim")
    await sam.post(f"/staff/conversations/{contact_id}/claim")
    page = await sam.page(f"/staff/conversations/{contact_id}")
    assert "Kim Lee (available)" in page
    response = await sam.post(f"/staff/conversations/{contact_id}/transfer", {"to": str(kim_id)})
    assert response.status == 303
    assert console.handoff(contact_id).claimed_by == kim_id
    await person.until(lambda f: f["type"] == "message" and f["text"] == "You're now talking to Kim from our team.")
    assert "With you." in await kim.page(f"/staff/conversations/{contact_id}")
    assert (await sam.post(f"/staff/conversations/{contact_id}/reply", {"text": "still me?"})).status == 409


async def test_internal_notes_are_shown_to_staff_and_never_reach_the_person(console: Console) -> None:
    console.add_staff("sam", "Sam Jones")
    person, contact_id = await console.escalated_person()
    sam = await (await console.staff()).signed_in("sam")
    await sam.post(f"/staff/conversations/{contact_id}/claim")
    await sam.page(f"/staff/conversations/{contact_id}")
    secret = "Caller sounds frightened; check the force's reference 1234"
    response = await sam.post(f"/staff/conversations/{contact_id}/notes", {"note": secret})
    assert response.status == 303
    await person.quiet(0.5)
    await console.settle()

    assert all(secret not in text for text in person.texts())
    assert all(secret not in m.text for m in console.messages(contact_id))
    notes = console.query(lambda s: list(s.scalars(select(Note))))
    assert [n.text for n in notes] == [secret]
    page = await sam.page(f"/staff/conversations/{contact_id}")
    assert "Internal notes" in page and "never sent to the person" in page
    assert "Caller sounds frightened" in page
    empty = await sam.post(f"/staff/conversations/{contact_id}/notes", {"note": "   "})
    assert empty.status == 400 and "Write the note first" in await empty.text()


async def test_everything_the_public_wrote_is_escaped(console: Console) -> None:
    console.add_staff("sam")
    console.add_staff("boss", "Bo Boss", role="supervisor")
    person, contact_id = await console.escalated_person()
    await person.say(SCRIPT)
    await person.until(lambda f: f["type"] == "message" and f["text"] == SCRIPT)

    def details(session) -> None:
        from bot.store.models import Contact

        contact = session.get(Contact, contact_id)
        contact.force = SCRIPT
        contact.accessibility_needs = SCRIPT
        contact.incident_date = SCRIPT
        contact.safeguarding_flags = [SCRIPT]
        contact.summary = {"what_happened": SCRIPT}

    console.query(details)
    sam = await (await console.staff()).signed_in("sam")
    boss = await (await console.staff()).signed_in("boss")
    for page in (await sam.page("/staff/"), await sam.page(f"/staff/conversations/{contact_id}")):
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    fragment = await (await sam.get("/staff/queue/fragment")).text()
    assert "<script>alert" not in fragment and "&lt;script&gt;" in fragment
    await sam.post(f"/staff/conversations/{contact_id}/claim")
    await sam.page(f"/staff/conversations/{contact_id}")
    await sam.post(f"/staff/conversations/{contact_id}/notes", {"note": SCRIPT})
    await boss.page("/staff/canned-replies")
    await boss.post("/staff/canned-replies", {"title": SCRIPT, "text": SCRIPT})
    for page in (
        await sam.page(f"/staff/conversations/{contact_id}"),
        await boss.page("/staff/canned-replies"),
        await boss.page(f"/staff/audit?contact={contact_id}"),
    ):
        assert "<script>alert" not in page and "<img src=x" not in page
    exported = await (await boss.get(f"/staff/conversations/{contact_id}/transcript.txt")).text()
    assert SCRIPT in exported  # a text file: shown as text, never as HTML


async def test_canned_replies_fill_the_reply_box_without_javascript(console: Console) -> None:
    console.add_staff("sam")
    console.add_staff("boss", "Bo Boss", role="supervisor")
    boss = await (await console.staff()).signed_in("boss")
    await boss.page("/staff/canned-replies")
    await boss.post(
        "/staff/canned-replies", {"title": "Time limits", "text": "You normally have 12 months to complain."}
    )
    canned_id = console.query(lambda s: s.execute(text("select id from canned_replies")).scalar())
    sam = await (await console.staff()).signed_in("sam")
    contact_id = console.queued_contact()
    await sam.post(f"/staff/conversations/{contact_id}/claim")
    page = await sam.page(f"/staff/conversations/{contact_id}?canned={canned_id}")
    assert 'name="text" rows="5" maxlength="4000">You normally have 12 months to complain.</textarea>' in page
    assert f'href="/staff/conversations/{contact_id}?canned={canned_id}#reply"' in page

    await boss.post(f"/staff/canned-replies/{canned_id}/hide")
    page = await sam.page(f"/staff/conversations/{contact_id}?canned={canned_id}")
    assert "Time limits" not in page and "12 months" not in page


async def test_every_staff_action_is_audited_without_personal_data(console: Console) -> None:
    sam_id = console.add_staff("sam", "Sam Jones")
    kim_id = console.add_staff("kim", "Kim Lee", role="supervisor")
    person, contact_id = await console.escalated_person()
    sam = await (await console.staff()).signed_in("sam")
    kim = await (await console.staff()).signed_in("kim")
    await sam.page(f"/staff/conversations/{contact_id}")
    await sam.post(f"/staff/conversations/{contact_id}/claim")
    await sam.post(f"/staff/conversations/{contact_id}/reply", {"text": "A private reply about my address"})
    await sam.post(f"/staff/conversations/{contact_id}/notes", {"note": "A private note"})
    await sam.post(f"/staff/conversations/{contact_id}/transfer", {"to": str(kim_id)})
    await kim.get(f"/staff/conversations/{contact_id}/transcript.txt")
    await kim.page(f"/staff/conversations/{contact_id}")
    await kim.post(f"/staff/conversations/{contact_id}/hand-back")
    await sam.post("/staff/logout")

    by_actor = [(e.actor, e.action) for e in console.audit()]
    sam_actor, kim_actor = f"staff:{sam_id}", f"staff:{kim_id}"
    for expected in [
        (sam_actor, "staff_login"),
        (sam_actor, "conversation_viewed"),
        (sam_actor, "handoff_claimed"),
        (sam_actor, "staff_reply_sent"),
        (sam_actor, "note_added"),
        (sam_actor, "handoff_transferred"),
        (kim_actor, "transcript_exported"),
        (kim_actor, "handoff_handed_back"),
        (sam_actor, "staff_logout"),
    ]:
        assert expected in by_actor, expected
    details = str([(e.detail) for e in console.audit()])
    assert "private" not in details and "Sam" not in details and "Kim" not in details
    assert all(
        e.contact_id == contact_id for e in console.audit() if e.action.startswith(("handoff_", "staff_reply", "note_"))
    )


async def test_only_the_holder_or_a_supervisor_can_close_or_hand_back(console: Console) -> None:
    console.add_staff("sam", "Sam Jones")
    console.add_staff("lee", "Lee Park")
    boss_id = console.add_staff("kim", "Kim Lee", role="supervisor")
    person, contact_id = await console.escalated_person()
    lee = await (await console.staff()).signed_in("lee")

    # Nobody holds it yet: an agent has to claim it before ending it.
    await lee.page(f"/staff/conversations/{contact_id}")
    response = await lee.post(f"/staff/conversations/{contact_id}/close", {"outcome": "signposted"})
    assert response.status == 409 and "Claim this conversation first" in await response.text()
    assert console.handoff(contact_id).status == "queued"

    sam = await (await console.staff()).signed_in("sam")
    await sam.post(f"/staff/conversations/{contact_id}/claim")
    page = await lee.page(f"/staff/conversations/{contact_id}")
    assert "Close conversation" not in page and "Hand back to the assistant" not in page
    for action, form in (("close", {"outcome": "signposted"}), ("hand-back", {})):
        response = await lee.post(f"/staff/conversations/{contact_id}/{action}", form)
        assert response.status == 409 and "assigned to someone else" in await response.text()
    assert console.handoff(contact_id).status == "assigned"

    # A supervisor may end someone else's conversation, and the audit trail says so.
    kim = await (await console.staff()).signed_in("kim")
    page = await kim.page(f"/staff/conversations/{contact_id}")
    assert "End as a supervisor" in page
    assert (await kim.post(f"/staff/conversations/{contact_id}/close", {"outcome": "signposted"})).status == 303
    assert console.handoff(contact_id).status == "closed_by_staff"
    [closed] = console.audit("handoff_closed")
    assert closed.actor == f"staff:{boss_id}" and closed.detail["overruled_holder"] is True
