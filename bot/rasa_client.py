"""Talking to Rasa: one REST-style turn at `{worker}/webhooks/triage/webhook`.

RASA_URL may name several Rasa workers (comma-separated). Each conversation goes to the same worker
every time (rendezvous hashing on the conversation id), so its turns stay in one process; when that
worker refuses connections the turn goes to the next worker in the conversation's own order, and the
refusing worker is skipped for a few seconds. A worker that took the message but did not answer in
time is not asked again: it may still be working on it.

Overload: each worker gets at most RASA_CONCURRENCY turns at once from this gateway; more wait here,
and the person is told "busy, one moment" (`on_busy`). RASA_TIMEOUT_SECONDS covers the wait and the
turn together: a turn given up on while waiting is never sent, and one given up on inside Rasa is
cancelled there (the connection closes, and Rasa's server cancels the request), so Rasa does not spend
its time on answers nobody will read and a slow answer does not make the following ones slower.

Each turn carries the gateway's request id in its metadata (Rasa and the actions log it), and is
counted and timed by worker and outcome (bot/observability/metrics.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from bot.observability import request_ids
from bot.observability.metrics import GatewayMetrics
from bot.routing.messages import Reply, buttons_from

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/triage/webhook"
# How long a worker that refused a connection is skipped before it is tried again.
SKIP_DOWN_WORKER_SECONDS = 5.0
# A new connection for every turn: a kept-alive one to a worker that has since been killed fails in a
# way that cannot tell "never delivered" from "delivered, then lost", so the turn could not safely go
# to the next worker. A fresh one is refused cleanly instead (and costs ~0.1 ms on loopback).
FRESH_CONNECTION = {"Connection": "close"}


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) did not answer usefully in time."""

    def __init__(self, message: str, reason: str = "http_error") -> None:
        super().__init__(message)
        self.reason = reason  # one of metrics.RASA_FAILURE_REASONS


def worker_urls(rasa_url: str) -> list[str]:
    """The base URLs in RASA_URL (one, or several comma-separated), without trailing slashes."""
    urls = [part.strip().rstrip("/") for part in rasa_url.split(",") if part.strip()]
    if not urls:
        raise ValueError("RASA_URL names no Rasa server")
    return urls


def preference(sender: str, urls: list[str]) -> list[str]:
    """The workers in this conversation's own stable order (highest hash of conversation and worker first)."""

    def weight(url: str) -> bytes:
        return hashlib.sha256(f"{sender}\n{url}".encode()).digest()

    return sorted(urls, key=weight, reverse=True)


OnBusy = Callable[[], Awaitable[None]]


class RasaClient:
    """Sends one message for one sender to its Rasa worker and returns the assistant's replies."""

    def __init__(
        self,
        http: aiohttp.ClientSession,
        base_url: str,
        timeout_seconds: float,
        concurrency: int = 4,
        metrics: GatewayMetrics | None = None,
    ) -> None:
        self._http = http
        self.metrics = metrics or GatewayMetrics()
        self.urls = worker_urls(base_url)
        self._timeout_seconds = timeout_seconds
        self._down_until: dict[str, float] = {}
        self._slots = {url: asyncio.Semaphore(max(1, concurrency)) for url in self.urls}

    def _candidates(self, sender: str) -> list[str]:
        now = time.monotonic()
        ordered = preference(sender, self.urls)
        up = [url for url in ordered if self._down_until.get(url, 0.0) <= now]
        return up or ordered  # every worker down: try them anyway, one may be back

    async def turn(
        self, sender: str, message: str, *, channel: str, language: str, on_busy: OnBusy | None = None
    ) -> list[Reply]:
        """Replies to `message` from `sender` (a contact id); RasaUnavailable on timeout or error.

        `on_busy` is awaited (once, beside the turn) when the turn has to wait for its worker.
        """
        request_id = request_ids.current() or request_ids.start()
        metadata = {"channel": channel, "language": language, request_ids.METADATA_KEY: request_id}
        body = {"sender": sender, "message": message, "metadata": metadata}
        notice = _BusyNotice(on_busy)
        tried = _Tried()
        started = time.monotonic()
        try:
            replies = await asyncio.wait_for(self._turn(sender, body, notice, tried), self._timeout_seconds)
        except asyncio.TimeoutError as error:
            self.metrics.rasa_turn(tried.worker, time.monotonic() - started, "timed_out")
            raise RasaUnavailable("TimeoutError", "timed_out") from error
        except RasaUnavailable as error:
            self.metrics.rasa_turn(tried.worker, time.monotonic() - started, error.reason)
            raise
        finally:
            await notice.settled()  # the notice is said before the replies, never after them
        self.metrics.rasa_turn(tried.worker, time.monotonic() - started)
        return replies

    async def _turn(self, sender: str, body: dict[str, Any], notice: _BusyNotice, tried: _Tried) -> list[Reply]:
        refused = "no worker"
        for url in self._candidates(sender):
            slot = self._slots[url]
            tried.worker = self.urls.index(url) + 1
            if slot.locked():
                notice.now()
                self.metrics.rasa_busy_notice(tried.worker)
            try:
                async with slot:
                    return await self._post(url + WEBHOOK_PATH, body)
            except aiohttp.ClientConnectorError as error:
                # Nothing listens there (a worker restarting): the message never reached it.
                self._down_until[url] = time.monotonic() + SKIP_DOWN_WORKER_SECONDS
                refused = type(error).__name__
                log.warning(
                    "Rasa worker %d of %d refused the connection; trying the next",
                    self.urls.index(url) + 1,
                    len(self.urls),
                )
        raise RasaUnavailable(refused, "refused")

    async def _post(self, url: str, body: dict[str, Any]) -> list[Reply]:
        try:
            async with self._http.post(url, json=body, headers=FRESH_CONNECTION) as response:  # time limit: turn()'s
                if response.status != 200:
                    # Rasa answers 500 when the action server fails; the body may echo the tracker,
                    # so it is never read into the log.
                    raise RasaUnavailable(f"Rasa answered HTTP {response.status}", "http_error")
                data = await response.json(content_type=None)
        except aiohttp.ClientConnectorError:
            raise
        except aiohttp.ClientError as error:
            raise RasaUnavailable(type(error).__name__, "connection_error") from error
        except ValueError as error:
            raise RasaUnavailable(type(error).__name__, "bad_answer") from error
        if not isinstance(data, list):
            raise RasaUnavailable("Rasa answered something other than a list", "bad_answer")
        return [reply for item in data if (reply := _reply(item)) is not None]

    async def workers_up(self, timeout_seconds: float = 1.0) -> int:
        """How many workers answer right now (Rasa's `/` answers without a token)."""

        async def up(url: str) -> bool:
            try:
                timeout = aiohttp.ClientTimeout(total=timeout_seconds)
                async with self._http.get(url + "/", timeout=timeout, headers=FRESH_CONNECTION) as response:
                    return response.status == 200
            except (aiohttp.ClientError, asyncio.TimeoutError):
                return False

        return sum(await asyncio.gather(*(up(url) for url in self.urls)))


class _Tried:
    """The worker (1-based) a turn was last sent to, or waited for; 0 before any."""

    worker = 0


class _BusyNotice:
    """Runs `on_busy` at most once, beside the turn, when `now()` is called (the worker is saturated)."""

    def __init__(self, on_busy: OnBusy | None) -> None:
        self._on_busy = on_busy
        self._task: asyncio.Task[None] | None = None

    def now(self) -> None:
        if self._on_busy is not None and self._task is None:
            self._task = asyncio.ensure_future(self._say())

    async def _say(self) -> None:
        assert self._on_busy is not None
        try:
            await self._on_busy()
        except Exception:
            log.warning("could not send the busy notice", exc_info=True)

    async def settled(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)


def _reply(item: Any) -> Reply | None:
    if not isinstance(item, dict):
        return None
    text = item["text"] if isinstance(item.get("text"), str) else ""
    buttons = buttons_from(item.get("buttons"))
    custom = item.get("custom") if isinstance(item.get("custom"), dict) else None
    if not text and not buttons and not custom:
        return None  # images, attachments: nothing the channels can show yet
    return Reply(text, buttons, custom)
