"""The router: who answers each message from the public (the assistant, or staff), and delivery.

Pipeline for one message, run in order per conversation (a per-contact lock):
  accept  → store it in the transcript once (`store_incoming`, in the channel's transaction that
            finds the contact), then `announce` it to subscribers;
  process → closed? reopen · too long? say so · staff own it? danger check, callback request ·
            waiting in the queue? danger check, then the assistant keeps helping (the one message after a
            call-back request is the team's, and is acknowledged; nothing typed lowers the priority) ·
            bot owns it? ask Rasa (apologise if it fails) and notice a handoff the actions queued.
Everything said to the person is stored (`store_replies`), then `deliver`ed: hub event, then the
channel; `say` does both. A turn with the assistant takes three transactions: the message, the
routing before Rasa, and the replies with whatever the actions changed; none is held open while
Rasa works (tests/gateway/test_transactions_per_turn.py).

When nobody can pick a queued conversation up, the person is told so at once; someone in danger or
crisis (an urgent handoff) gets the safety numbers instead of the routine offer of a call-back.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.domain import DOMAIN, load_domain
from bot.observability.metrics import GatewayMetrics
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.routing import canned, ownership, transcript
from bot.routing.availability import StaffHours, staff_available
from bot.routing.hub import MESSAGE, STATE, TYPING, Hub
from bot.routing.locks import ConversationLocks, InProcessLocks
from bot.routing.messages import Button, Reply, buttons_from
from bot.store.models import AuditEvent, Contact, Message
from bot.store.repositories import audit, opt_outs
from bot.store.repositories.contacts import get_contact
from bot.store.repositories.handoffs import PRIORITY_ROUTINE, PRIORITY_URGENT, open_handoff
from bot.store.session import run_in_session
from vocabulary.safety.danger import DangerAssessment, assess
from vocabulary.signals.access import CANNOT_PHONE_FLAG

log = logging.getLogger(__name__)
T = TypeVar("T")
CALLBACK_AUDIT_ACTION = "callback_requested"
CALLBACK_DETAILS_AUDIT_ACTION = "callback_details_received"


@dataclass(frozen=True)
class Recipient:
    """Where a conversation's messages go. The address stays encrypted until a channel sends."""

    contact_id: str
    channel: str
    language: str
    owner: str
    address_ciphertext: bytes | None
    route: str | None = None
    opted_out: bool = False  # texted STOP: SMS must not be sent


@dataclass(frozen=True)
class Outgoing:
    """A stored outgoing message, ready for a channel to send."""

    id: int
    reply: Reply
    author: str
    staff_name: str | None = None
    view: dict[str, Any] = field(default_factory=dict, compare=False)  # as hub events carry it


class Sender(Protocol):
    """A channel that pushes messages out itself (SMS, Telegram). The web channel reads the hub."""

    async def send(self, recipient: Recipient, messages: Sequence[Outgoing]) -> None: ...


@dataclass(frozen=True)
class Incoming:
    """A message from the person as its channel read it, not yet stored."""

    contact_id: str
    channel: str
    text: str
    button: Button | None = None
    trusted_button: bool = False  # made by the channel itself (Telegram's /start), not offered by us
    channel_message_id: str | None = None
    client_id: str | None = None
    too_long: bool = False


@dataclass(frozen=True)
class Accepted:
    """A new message from the person, stored and waiting to be routed."""

    contact_id: str
    message_id: int
    text: str
    payload: str | None = None
    too_long: bool = False
    channel: str = ""
    view: dict[str, Any] = field(default_factory=dict, compare=False)  # as hub events carry it
    received_at: float = field(default_factory=time.monotonic)


def _recipient(session: Session, contact_id: str) -> Recipient:
    contact = get_contact(session, contact_id)
    # Read here, under the conversation's lock like STOP itself, so sending needs no transaction of its own.
    opted_out = contact.channel == "sms" and opt_outs.is_opted_out(session, contact_id)
    return Recipient(
        contact.id,
        contact.channel,
        contact.language,
        contact.owner,
        contact.address_ciphertext,
        contact.triage_outcome,
        opted_out,
    )


def offered_payloads(session: Session, contact_id: str, limit: int = 100) -> set[str]:
    """Button payloads this conversation was actually offered (recent outgoing messages)."""
    rows = session.scalars(
        select(Message.payload)
        .where(Message.contact_id == contact_id, Message.direction == "out")
        .order_by(Message.id.desc())
        .limit(limit)
    )
    return {b.payload for payload in rows if payload for b in buttons_from(payload.get("buttons"))}


# Payloads the gateway itself offers and understands, valid whatever was offered before.
GATEWAY_PAYLOADS = frozenset({canned.REQUEST_HUMAN, canned.REQUEST_CALLBACK})

# The widget's page shows, at all times, that this is the IOPC's automated helper and not the police,
# to call 999 in an emergency, and how long the chat is kept. The assistant's intro says the same for
# SMS and Telegram; in the widget it would only repeat the page, so it is not sent there.
PAGE_NOTICE_RESPONSE = "utter_intro"
CHANNELS_WITH_PAGE_NOTICE = frozenset({"web"})


@lru_cache(maxsize=1)
def page_notice_texts(domain_path: Path = DOMAIN) -> frozenset[str]:
    """Every variation of the assistant's intro, read from the domain the model is trained on."""
    try:
        responses = load_domain(domain_path)["responses"]
        return frozenset(v["text"] for v in responses[PAGE_NOTICE_RESPONSE] if v.get("text"))
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        # Sending the intro twice is better than failing: the widget just repeats its notice.
        log.warning(
            "could not read %s from %s (%s); the widget will repeat it",
            PAGE_NOTICE_RESPONSE,
            domain_path,
            type(error).__name__,
        )
        return frozenset()


def shown_on_channel(replies: Sequence[Reply], channel: str) -> list[Reply]:
    """The assistant's replies minus any the channel's own page already shows (the web intro)."""
    if channel not in CHANNELS_WITH_PAGE_NOTICE:
        return list(replies)
    notice = page_notice_texts()
    return [reply for reply in replies if reply.buttons or reply.text not in notice]


def _urgent_waiting(session: Session, contact_id: str) -> tuple[bool, Contact]:
    """Whether the open handoff is urgent (danger or crisis), and the contact (its audience and flags choose the words)."""
    handoff = open_handoff(session, contact_id)
    return (handoff is not None and handoff.priority == PRIORITY_URGENT), get_contact(session, contact_id)


def _open_priority(session: Session, contact_id: str) -> int | None:
    handoff = open_handoff(session, contact_id)
    return None if handoff is None else handoff.priority


def _queued_state(session: Session, contact_id: str) -> tuple[int | None, bool]:
    """The open handoff's priority, and whether the next message is for the team alone: the person asked for a
    call-back since joining the queue and has not yet answered "which number, and when?". One message answers it;
    after that the assistant answers again (round 45's testers typed "did you get my number?" into silence)."""
    handoff = open_handoff(session, contact_id)
    if handoff is None:
        return None, False
    actions = select(AuditEvent.action).where(
        AuditEvent.contact_id == contact_id,
        AuditEvent.action.in_((CALLBACK_AUDIT_ACTION, CALLBACK_DETAILS_AUDIT_ACTION)),
        AuditEvent.at >= handoff.requested_at,
    )
    latest = session.execute(actions.order_by(AuditEvent.id.desc()).limit(1)).scalar()
    return handoff.priority, latest == CALLBACK_AUDIT_ACTION


def _reopen(session: Session, contact_id: str) -> tuple[bool, Recipient]:
    """Reopen the conversation if it was closed; whether it was, and whom the reply goes to."""
    contact = get_contact(session, contact_id)
    # Most turns are in open conversations: read first, and only a closed one pays for the guarded UPDATE.
    reopened = contact.owner == "closed" and ownership.reopen(session, contact_id)
    if reopened:
        session.expire(contact)
    return reopened, _recipient(session, contact_id)


def store_incoming(session: Session, incoming: Incoming) -> Accepted | None:
    """Store the person's message once; None if it was already stored. `Router.announce` tells subscribers.

    A button's payload is only passed to Rasa if this conversation was offered it (or the
    channel itself made it, `trusted_button`); otherwise its title counts as typed text.
    """
    payload: dict[str, Any] = {}
    chosen = None
    button = incoming.button
    if button is not None and (
        incoming.trusted_button
        or button.payload in GATEWAY_PAYLOADS
        or button.payload in offered_payloads(session, incoming.contact_id)
    ):
        chosen = payload["payload"] = button.payload
    if incoming.client_id:
        payload["client_id"] = incoming.client_id
    if incoming.too_long:
        payload["truncated"] = True
    message = transcript.record(
        session,
        contact_id=incoming.contact_id,
        channel=incoming.channel,
        direction="in",
        author="user",
        text=incoming.text,
        channel_message_id=incoming.channel_message_id,
        payload=payload or None,
    )
    if message is None:
        return None
    return Accepted(
        incoming.contact_id,
        message.id,
        incoming.text,
        chosen,
        incoming.too_long,
        incoming.channel,
        transcript.message_view(message),
    )


def store_replies(
    session: Session,
    recipient: Recipient,
    replies: Sequence[Reply],
    author: str,
    staff_id: int | None = None,
    staff_name: str | None = None,
) -> list[Outgoing]:
    """Store each reply in the transcript, in order; `Router.deliver` announces and sends them."""
    stored = []
    for reply in replies:
        message = transcript.record_reply(
            session,
            contact_id=recipient.contact_id,
            channel=recipient.channel,
            author=author,
            reply=reply,
            staff_id=staff_id,
        )
        stored.append(Outgoing(message.id, reply, author, staff_name, transcript.message_view(message, staff_name)))
    return stored


@dataclass(frozen=True)
class AfterTurn:
    """What a turn with the assistant stored and changed: its replies, the conversation as it now
    stands, and, if the actions handed it to staff, its new state and what the person is told."""

    said: list[Outgoing]
    recipient: Recipient
    state: dict[str, object] | None = None
    told: list[Outgoing] = field(default_factory=list)


class Router:
    """Routes messages from the public and delivers everything said back to them."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        hub: Hub,
        rasa: RasaClient,
        hours: StaffHours,
        max_message_chars: int,
        senders: dict[str, Sender] | None = None,
        danger_check: Callable[[str], DangerAssessment] = assess,
        locks: ConversationLocks | None = None,
        metrics: GatewayMetrics | None = None,
    ) -> None:
        self.sessions = sessions
        self.hub = hub
        self.rasa = rasa
        self.hours = hours
        self.max_message_chars = max_message_chars
        self.senders: dict[str, Sender] = dict(senders or {})
        self.danger_check = danger_check
        self.locks = locks or InProcessLocks()
        self.metrics = metrics or GatewayMetrics()
        self._tasks: set[asyncio.Task[None]] = set()

    # -- plumbing -----------------------------------------------------------------------------

    async def db(self, fn: Callable[..., T], *args: Any) -> T:
        return await run_in_session(self.sessions, fn, *args)

    def lock(self, contact_id: str) -> AbstractAsyncContextManager[object]:
        """One lock per conversation: its messages are routed and delivered in order."""
        return self.locks.hold(contact_id)

    def spawn(self, work: Awaitable[None]) -> None:
        """Run `work` after the webhook has been answered; shutdown waits for it briefly."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout: float = 10.0) -> None:
        """Let in-flight conversations finish (shutdown), then cancel what is left."""
        if self._tasks:
            _, pending = await asyncio.wait(list(self._tasks), timeout=timeout)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def recipient(self, contact_id: str) -> Recipient:
        return await self.db(_recipient, contact_id)

    async def publish_state(self, contact_id: str, change: str, view: dict[str, object] | None = None) -> None:
        """Announce an ownership change; `view` is `ownership.describe`'s, read now if not given."""
        if view is None:
            view = await self.db(ownership.describe, contact_id)
        await self.hub.publish({"type": STATE, "contact_id": contact_id, "change": change, **view})

    # -- the person's messages ----------------------------------------------------------------

    async def announce(self, accepted: Accepted) -> None:
        """Tell subscribers (the staff console, the person's open widgets) about a stored message."""
        await self.hub.publish({"type": MESSAGE, "contact_id": accepted.contact_id, "message": accepted.view})

    def dispatch(self, accepted: Accepted) -> None:
        """Route an accepted message in the background."""
        self.spawn(self.process(accepted))

    async def process(self, accepted: Accepted) -> None:
        async with self.lock(accepted.contact_id):
            after = None
            try:
                after = await self._process(accepted)
            except Exception as error:  # noqa: BLE001 - one message's failure must not stop the others
                log.error("routing message %s failed: %s", accepted.message_id, where(error))
            self.metrics.turn_finished(
                accepted.channel,
                after.route if after else None,
                after.owner if after else None,
                time.monotonic() - accepted.received_at,
            )

    async def _process(self, accepted: Accepted) -> Recipient:
        """Route the message; the conversation as it stands afterwards."""
        contact_id = accepted.contact_id
        reopened, recipient = await self.db(_reopen, contact_id)
        if reopened:
            await self.publish_state(contact_id, "reopened")
        if accepted.too_long:
            await self.say(recipient, [canned.too_long(self.max_message_chars, recipient.language)], "system")
            return recipient
        if recipient.owner == "staff":
            await self._while_with_staff(recipient, accepted, self.danger_check(accepted.text))
            return recipient
        if recipient.owner == "queued":
            return await self._while_queued(recipient, accepted)
        return await self._with_assistant(recipient, accepted)

    async def _while_queued(self, recipient: Recipient, accepted: Accepted) -> Recipient:
        """Waiting for a person, who may be hours away: the assistant keeps answering, urgent request or not,
        so nobody is left with silence (a false alarm would otherwise lock a calm person out until morning).
        Danger is still answered first, here, and nothing the person types lowers the request's priority.

        After asking for a call-back, the next message (a number, a time) is for the team: it is acknowledged,
        and the assistant answers what comes after."""
        danger = self.danger_check(accepted.text)
        if danger.urgent or accepted.payload == canned.REQUEST_CALLBACK:
            await self._while_with_staff(recipient, accepted, danger)
            return recipient
        before, call_back_details = await self.db(_queued_state, recipient.contact_id)
        if call_back_details:
            await self.db(_record_callback_details, recipient.contact_id)
            await self.say(recipient, [canned.in_language(canned.CALLBACK_NOTED, recipient.language)], "system")
            return recipient
        after = await self._with_assistant(recipient, accepted)
        if (
            after.owner == "queued"
            and before != PRIORITY_URGENT
            and await self.db(_open_priority, recipient.contact_id) == PRIORITY_URGENT
        ):
            # The assistant's own danger check (the classifier, meaning) found what the patterns did not.
            await self.tell_if_nobody_available(after)
        return after

    async def _while_with_staff(self, recipient: Recipient, accepted: Accepted, danger: DangerAssessment) -> None:
        # Rasa is not listening, so the danger check it would run happens here.
        if danger.urgent:
            await self.say(recipient, [Reply(danger.reply(recipient.language))], "system")
            before = await self.db(_open_priority, recipient.contact_id)
            if await self.db(ownership.raise_priority, recipient.contact_id, PRIORITY_URGENT, danger.level):
                await self.publish_state(recipient.contact_id, "priority_raised")
            if recipient.owner == "queued" and before is not None and before != PRIORITY_URGENT:
                # Waiting as a routine request, now in danger: the safety numbers if nobody can join.
                await self.tell_if_nobody_available(recipient)
        if accepted.payload == canned.REQUEST_CALLBACK:
            await self.db(_record_callback_request, recipient.contact_id)
            await self.say(recipient, [canned.in_language(canned.CALLBACK_REQUESTED, recipient.language)], "system")
            await self.publish_state(recipient.contact_id, "callback_requested")

    async def _with_assistant(self, recipient: Recipient, accepted: Accepted) -> Recipient:
        contact_id = recipient.contact_id
        await self.hub.publish({"type": TYPING, "contact_id": contact_id, "author": "bot"})

        async def say_busy() -> None:
            await self.say(recipient, [canned.in_language(canned.BUSY, recipient.language)], "system")

        try:
            replies = await self.rasa.turn(
                contact_id,
                accepted.payload or _as_text(accepted.text),
                channel=recipient.channel,
                language=recipient.language,
                on_busy=say_busy,
            )
        except RasaUnavailable as error:
            log.warning("Rasa unavailable (%s); apologising", error)
            if recipient.owner != "queued":  # already waiting: the apology would offer a person again
                await self._without_assistant(recipient, accepted)
            return recipient
        turn = await self.db(self._after_turn, recipient, shown_on_channel(replies, recipient.channel))
        await self.deliver(turn.recipient, turn.said)
        if turn.state is not None:
            await self.publish_state(contact_id, turn.recipient.owner, turn.state)
            await self.deliver(turn.recipient, turn.told)
        return turn.recipient

    def _after_turn(self, session: Session, before: Recipient, replies: Sequence[Reply]) -> AfterTurn:
        """Store the assistant's replies and read what its actions changed, in one transaction."""
        said = store_replies(session, before, replies, "bot")
        after = _recipient(session, before.contact_id)
        if after.owner == before.owner:
            return AfterTurn(said, after)
        told = self._nobody_available(session, after) if after.owner == "queued" else []
        return AfterTurn(said, after, ownership.describe(session, before.contact_id), told)

    async def _without_assistant(self, recipient: Recipient, accepted: Accepted) -> None:
        """Rasa failed: the danger check and "talk to a person" must still work."""
        danger = self.danger_check(accepted.text)
        if danger.urgent:
            await self.say(recipient, [Reply(danger.reply(recipient.language))], "system")
            await self._queue(recipient, danger.level, PRIORITY_URGENT)
        elif accepted.payload == canned.REQUEST_HUMAN:
            await self._queue(recipient, "human_requested", PRIORITY_ROUTINE)
        else:
            await self.say(recipient, [canned.in_language(canned.RASA_UNAVAILABLE, recipient.language)], "system")

    async def _queue(self, recipient: Recipient, reason: str, priority: int) -> None:
        await self.db(ownership.queue_for_human, recipient.contact_id, reason, priority)
        after = await self.recipient(recipient.contact_id)
        await self.publish_state(recipient.contact_id, "queued")
        if not await self.tell_if_nobody_available(after):
            await self.say(after, [canned.in_language(canned.QUEUED, after.language)], "system")

    async def tell_if_nobody_available(self, recipient: Recipient) -> bool:
        """If nobody can pick the conversation up now, say so plainly; True if we did."""
        told = await self.db(self._nobody_available, recipient)
        await self.deliver(recipient, told)
        return bool(told)

    def _nobody_available(self, session: Session, recipient: Recipient) -> list[Outgoing]:
        """If nobody can pick the conversation up now, the words saying so, stored; none otherwise.

        Someone in danger or crisis hears the safety numbers and what happens to what they type,
        and is never offered a call-back; everyone else hears the other ways to reach us.
        """
        if staff_available(session, self.hours):
            return []
        urgent, contact = _urgent_waiting(session, recipient.contact_id)
        if urgent:
            replies = list(canned.urgent_nobody_available(recipient.language, contact.audience))
        else:
            # Someone who told us they cannot use a phone is offered email and text relay, never a call.
            no_phone = CANNOT_PHONE_FLAG in (contact.safeguarding_flags or [])
            routine = canned.NO_STAFF_AVAILABLE_NO_PHONE if no_phone else canned.NO_STAFF_AVAILABLE
            replies = [canned.in_language(routine, recipient.language)]
        return store_replies(session, recipient, replies, "system")

    # -- everything said to the person --------------------------------------------------------

    async def say(
        self,
        recipient: Recipient,
        replies: Sequence[Reply],
        author: str,
        *,
        staff_id: int | None = None,
        staff_name: str | None = None,
    ) -> list[dict[str, Any]]:
        """Store each reply in the transcript, announce it, and send it on the person's channel.

        Callers hold the conversation's lock (or accept that ordering is best effort).
        """
        stored = await self.db(store_replies, recipient, replies, author, staff_id, staff_name)
        await self.deliver(recipient, stored)
        return [message.view for message in stored]

    async def deliver(self, recipient: Recipient, stored: Sequence[Outgoing]) -> None:
        """Announce stored messages on the hub, then send them on the person's channel."""
        for message in stored:
            await self.hub.publish({"type": MESSAGE, "contact_id": recipient.contact_id, "message": message.view})
        sender = self.senders.get(recipient.channel)
        if sender is None or not stored:
            return
        try:
            await sender.send(recipient, stored)
        except Exception as error:  # noqa: BLE001 - a provider failure is logged; the reply stays stored
            # Type and provider code only: Twilio's messages quote the phone number.
            log.error(
                "sending on %s failed for contact %s (%s, code %s)",
                recipient.channel,
                recipient.contact_id,
                type(error).__name__,
                getattr(error, "code", None),
            )
            await self.db(_record_delivery_failure, recipient.contact_id, [message.id for message in stored])


def where(error: BaseException) -> str:
    """The error's type and the innermost line of our code it passed through.

    Not str(error): database errors quote the statement's parameters, which include message text.
    """
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/bot/" in f.filename] or frames
    if not ours:
        return type(error).__name__
    path = Path(ours[-1].filename)
    place = f" at {path.parent.name}/{path.name}:{ours[-1].lineno}"
    return f"{type(error).__name__}{place}"


def _as_text(text: str) -> str:
    # Rasa reads a leading "/" as an intent with entities ("/inform{...}"): only buttons the
    # conversation was offered may do that, never free text from the public.
    return text.lstrip("/") or text.replace("/", "")


def _record_callback_request(session: Session, contact_id: str) -> None:
    audit.record(session, "system", CALLBACK_AUDIT_ACTION, contact_id)


def _record_callback_details(session: Session, contact_id: str) -> None:
    audit.record(session, "system", CALLBACK_DETAILS_AUDIT_ACTION, contact_id)


def _record_delivery_failure(session: Session, contact_id: str, message_ids: list[int]) -> None:
    audit.record(session, "system", "delivery_failed", contact_id, message_ids=message_ids)
