"""A turn with the assistant costs the gateway at most three database transactions on every
channel: one to store the person's message (finding or creating the contact), one to route it before
Rasa is asked, one to store the replies after. Counted with SQLAlchemy event listeners on the
gateway's real engine, on SQLite and on PostgreSQL, with the real trained model answering.

Each transaction is a pool checkout, a hop to a worker thread and a BEGIN/COMMIT (plus a ping on
PostgreSQL), on a path every message takes; a new `router.db(...)` call on it fails this test. The
action server is the stack's own process and keeps its own contact log: its writes are not counted.
"""

from __future__ import annotations

import dataclasses
import itertools
import uuid
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from bot import keys
from bot.app import create_app
from bot.store.models import Contact, Message

from .conftest import Gateway
from .test_telegram_webhook import CHAT_ID, post, text_update
from .test_web_channel import Widget, is_type, new_session
from .test_with_rasa import live_settings

pytestmark = pytest.mark.model

MOST_PER_TURN = 3


class Transactions:
    """Every transaction begun on an engine, with the parameters of the statements run in it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.began: list[list[str]] = []
        self.open: dict[Any, list[str]] = {}
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "before_cursor_execute", self._execute)

    def _begin(self, connection: Any) -> None:
        self.open[connection] = parameters = []
        self.began.append(parameters)

    def _execute(self, connection: Any, _cursor: Any, _statement: str, parameters: Any, *_: Any) -> None:
        if connection in self.open:
            self.open[connection].append(repr(parameters))

    def naming(self, names: tuple[str, ...], since: int = 0) -> int:
        """How many of those begun since `since` ran a statement naming the conversation.

        Only those: the console's presence sweep, say, may run meanwhile and is no part of the turn.
        """
        return sum(any(name in p for p in parameters for name in names) for parameters in self.began[since:])

    def close(self) -> None:
        event.remove(self.engine, "begin", self._begin)
        event.remove(self.engine, "before_cursor_execute", self._execute)


@pytest.fixture
async def counted(aiohttp_client, rasa_stack, recording, migrated_database_url):
    """The gateway on a fresh contact log (SQLite or PostgreSQL) talking to the stack's Rasa, counted."""
    settings = dataclasses.replace(live_settings(rasa_stack, recording), database_url=migrated_database_url)
    gateway = Gateway(await aiohttp_client(create_app(settings)), settings, recording)
    transactions = Transactions(gateway.app[keys.ENGINE])
    yield gateway, transactions
    transactions.close()


class Person:
    """Someone writing on one channel; `turn` returns once the assistant's answer has been stored."""

    def __init__(self, gateway: Gateway, channel: str) -> None:
        self.gateway, self.channel = gateway, channel
        self.widget: Widget | None = None
        self.address = "+4477009" + str(uuid.uuid4().int)[:5] if channel == "sms" else str(CHAT_ID)
        self.ids = itertools.count(1)

    async def start(self) -> None:
        if self.channel == "web":
            session = await new_session(self.gateway.client)
            self.widget = await Widget.open(self.gateway.client, session["token"])
            self.address = self.gateway.app[keys.WEB].signer.verify(session["token"]).session_id
            await self.widget.until(is_type("state"))

    async def turn(self, text: str) -> None:
        n = next(self.ids)
        if self.channel == "web":
            assert self.widget is not None
            await self.widget.say(text, f"c-{n}")
        elif self.channel == "sms":
            assert (await self.gateway.sms(text, sid=f"SM{uuid.uuid4().hex}", sender=self.address)).status == 200
        else:
            assert (await post(self.gateway, text_update(n, text))).status == 200
        await self.gateway.recording.wait_for(lambda: self.replies() >= n, timeout=30)
        await self.gateway.settle()

    def replies(self) -> int:
        """Turns answered so far: messages from the assistant that follow one from the person."""
        authors = [m.author for m in self.gateway.messages()]
        return sum(1 for a, b in zip(authors, authors[1:]) if a == "user" and b == "bot")

    def names(self) -> tuple[str, str]:
        """What the gateway's statements call this conversation: its contact id, its address's hash."""
        contact_id = self.gateway.query(lambda s: s.scalars(select(Contact.id).join(Message)).first())
        return contact_id, self.gateway.app[keys.CIPHER].lookup_hash(self.channel, self.address)


@pytest.mark.parametrize("channel", ["web", "sms", "telegram"])
async def test_a_turn_with_the_assistant_takes_at_most_three_transactions(counted, channel: str) -> None:
    gateway, transactions = counted
    person = Person(gateway, channel)
    await person.start()
    counts = []
    for text in ("hello", "what is the IOPC?"):  # the first also creates the contact
        since = len(transactions.began)
        await person.turn(text)
        counts.append(transactions.naming(person.names(), since))
    assert all(0 < count <= MOST_PER_TURN for count in counts), counts
