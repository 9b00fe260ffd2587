"""The one chat client tests use to be a person in the web widget: a session token, a real websocket
(docs/web-protocol.md), and every frame it has received.

It works with an in-process gateway (an aiohttp `TestClient`, paths relative to it) and with a served
one (an `aiohttp.ClientSession` and the gateway's URL as `base_url`). A reader task takes frames as
they arrive, so the socket answers the gateway's heartbeat however long a test waits elsewhere.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from typing import Any

import aiohttp

Frame = dict[str, Any]


async def new_session(http: Any, token: str | None = None, *, base_url: str = "", origin: str) -> dict[str, Any]:
    """POST /api/web/session: a new conversation, or (given its token) the same one again."""
    response = await http.post(
        f"{base_url}/api/web/session", json={"token": token} if token else {}, headers={"Origin": origin}
    )
    assert response.status == 200, (response.status, await response.text())
    return await response.json()


def is_type(kind: str) -> Callable[[Frame], bool]:
    return lambda frame: frame.get("type") == kind


class ChatClient:
    """A person in the widget. Subclasses may fix `origin` for their suite's gateway."""

    origin = ""

    def __init__(self, http: Any, base_url: str = "", origin: str | None = None) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.origin = origin or self.origin or self.base_url
        self.frames: list[Frame] = []
        self.token: str | None = None
        self.contact_id: str | None = None  # for suites that look the contact up
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.close_code: int | None = None
        self._arrived = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None

    @classmethod
    async def open(
        cls, http: Any, token: str | None = None, after: int = 0, *, base_url: str = "", origin: str | None = None
    ) -> ChatClient:
        """Open the widget: a new conversation, or the one `token` names (another tab, a reload)."""
        client = cls(http, base_url, origin)
        if token is None:
            token = (await new_session(http, base_url=client.base_url, origin=client.origin))["token"]
        client.token = token
        client.ws = await http.ws_connect(f"{client.base_url}/channels/web/ws?token={token}", origin=client.origin)
        await client.ws.send_json({"type": "hello", "after": after})
        client._reader = asyncio.ensure_future(client._read())
        return client

    async def _read(self) -> None:
        assert self.ws is not None
        try:
            async for message in self.ws:  # ends when the socket closes
                if message.type == aiohttp.WSMsgType.TEXT:
                    self.frames.append(json.loads(message.data))
                    self._arrived.set()
        finally:
            self.close_code = self.ws.close_code
            self._arrived.set()

    def _reading(self) -> bool:
        return self._reader is not None and not self._reader.done()

    async def until(self, predicate: Callable[[Frame], bool], timeout: float = 20.0) -> Frame:
        """The first frame, already received or still to come, for which `predicate` is true."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        checked = 0
        while True:
            for frame in self.frames[checked:]:
                if predicate(frame):
                    return frame
            checked = len(self.frames)
            if not self._reading():
                raise AssertionError(f"the socket closed (code {self.close_code}) before the frame came")
            self._arrived.clear()
            await asyncio.wait_for(self._arrived.wait(), max(0.0, deadline - loop.time()))

    async def quiet(self, seconds: float = 0.5) -> None:
        """Let whatever is on its way arrive: returns once `seconds` pass with no new frame."""
        while True:
            count = len(self.frames)
            await asyncio.sleep(seconds)
            if len(self.frames) == count or not self._reading():
                return

    async def closed(self, timeout: float = 5.0) -> int | None:
        """Wait for the gateway to close the socket; its close code."""
        assert self._reader is not None
        await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        return self.close_code

    def messages(self) -> list[Frame]:
        return [frame for frame in self.frames if frame.get("type") == "message"]

    def texts(self) -> list[str]:
        return [frame["text"] for frame in self.messages()]

    async def say(self, text: str, client_id: str | None = None) -> str:
        """Send a message; its client id (the widget resends with the same one)."""
        assert self.ws is not None
        client_id = client_id or uuid.uuid4().hex
        await self.ws.send_json({"type": "message", "text": text, "client_id": client_id})
        return client_id

    async def press(self, title: str, payload: str) -> None:
        assert self.ws is not None
        await self.ws.send_json({"type": "button", "title": title, "payload": payload, "client_id": uuid.uuid4().hex})

    async def replies_to(self, text: str, *, wait: float = 30.0, quiet: float = 1.5) -> list[Frame]:
        """Say `text`; the bot's and system's messages after its echo, once `quiet` seconds pass
        with no frame after one of them (none if nothing answers within `wait`)."""
        loop = asyncio.get_running_loop()
        start = len(self.frames)
        client_id = await self.say(text)
        deadline = loop.time() + wait
        while True:
            replies = self._replies(start, client_id)
            timeout = quiet if replies else deadline - loop.time()
            if timeout <= 0 or not self._reading():
                return replies
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout)
            except asyncio.TimeoutError:
                return self._replies(start, client_id)

    def _replies(self, start: int, client_id: str) -> list[Frame]:
        echoed, replies = False, []
        for frame in self.frames[start:]:
            if frame.get("type") != "message":
                continue
            if frame.get("author") == "user":
                echoed = echoed or frame.get("client_id") == client_id
            elif echoed:
                replies.append(frame)
        return replies

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)


async def one_turn(http: aiohttp.ClientSession, gateway_url: str, text: str) -> list[Frame]:
    """A new conversation in the widget that says `text` once: the replies to it."""
    person = await ChatClient.open(http, base_url=gateway_url)
    try:
        return await person.replies_to(text)
    finally:
        await person.close()
