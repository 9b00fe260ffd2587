"""The real supervisor (`python -m bot serve`) on private ports and databases, and a widget person.

Used by the tests in this directory: everything runs as it is served (Rasa's `rest` channel off,
secrets only in the environment), so what they check is what people and attackers would meet.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import aiohttp

from bot.settings import ROOT, Settings
from bot.supervisor import gateway_urls, local_settings, rasa_ready, rasa_worker_urls, service_env

SERVE_TIMEOUT_SECONDS = 420  # training is done beforehand; loading the model on a busy machine is not quick


def process_tree(pid: int) -> list[int]:
    """`pid` and its live descendants, from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(p) for p in task.read_text().split()]
            except OSError:
                continue
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def get_json(url: str, timeout: float = 2.0) -> tuple[int, Any]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")
    except (urllib.error.URLError, OSError, ValueError):
        return 0, None


@dataclass
class Served:
    """A running `python -m bot serve` and the settings it was given."""

    settings: Settings
    process: subprocess.Popen
    output: Path
    root: Path
    front_url: str | None = None  # nginx, when the command puts it in front (serve-production-shape)

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.gateway_port}"

    def gateway_urls(self) -> list[str]:
        """Every gateway replica's URL (one unless GATEWAY_REPLICAS says more)."""
        return gateway_urls(self.settings)

    def rasa_urls(self) -> list[str]:
        return rasa_worker_urls(self.settings, self.settings.rasa_workers or 1)

    def pids(self, marker: str) -> list[int]:
        """Live processes under the supervisor whose command line contains `marker`."""
        return [pid for pid in process_tree(self.process.pid)[1:] if marker in command_line(pid)]

    def log(self) -> str:
        return self.output.read_text(errors="replace")

    def wait_until_ready(self, timeout: float = SERVE_TIMEOUT_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited with {self.process.returncode}:\n{self.log()[-4000:]}")
            fronts = [self.front_url] if self.front_url else []
            if all(get_json(f"{url}/healthz")[0] == 200 for url in self.gateway_urls() + fronts) and all(
                rasa_ready(url, self.settings.rasa_api_token) for url in self.rasa_urls()
            ):
                return
            time.sleep(0.5)
        raise RuntimeError(f"serve was not ready within {timeout:.0f} s:\n{self.log()[-4000:]}")

    def stop(self) -> None:
        children = process_tree(self.process.pid)[1:]
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pid in children:  # only if the supervisor could not stop them itself
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


async def refusing_connections(url: str) -> None:
    port = int(url.rsplit(":", 1)[1])
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
        except ConnectionRefusedError:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{url} still accepts connections after SIGKILL")


def worker_pid(served: Served, url: str) -> int:
    port = url.rsplit(":", 1)[1]
    (pid,) = [pid for pid in served.pids("rasa_ext.serve") if f"--port {port} " in command_line(pid) + " "]
    return pid


def start_served(
    root: Path, command: tuple[str, ...] = ("serve",), front_url: str | None = None, **overrides: object
) -> Served:
    """`python -m bot serve` (or `command`, e.g. serve-production-shape and its options, which puts
    nginx at `front_url`) with private settings (Rasa's rest channel off unless overridden)."""
    settings = local_settings(root, **{"rasa_rest_channel": 0, "staff_hours": "always", **overrides})
    env = service_env(settings)
    if command == ("serve",):
        from bot.store.migrate import upgrade

        upgrade(settings.database_url)
    output = root / "serve.out"
    with output.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", *command], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    served = Served(settings, process, output, root, front_url)
    try:
        served.wait_until_ready()
    except BaseException:
        served.stop()
        raise
    return served


def started(root: Path, **overrides: object) -> Iterator[Served]:
    served = start_served(root, **overrides)  # type: ignore[arg-type]
    try:
        yield served
    finally:
        served.stop()


class WidgetPerson:
    """A person in the web widget: a session, a real websocket, and each turn's replies."""

    def __init__(self, http: aiohttp.ClientSession, gateway_url: str) -> None:
        self.http = http
        self.url = gateway_url
        self.frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.token: str | None = None
        self._reader: asyncio.Task[None] | None = None

    async def open(self, token: str | None = None) -> None:
        """A new conversation, or (given its token) the same one in another tab, perhaps on another replica."""
        headers = {"Origin": self.url}
        if token is None:
            async with self.http.post(f"{self.url}/api/web/session", json={}, headers=headers) as response:
                assert response.status == 200, response.status
                token = (await response.json())["token"]
        self.token = token
        self.ws = await self.http.ws_connect(f"{self.url}/channels/web/ws?token={token}", origin=self.url)
        await self.ws.send_json({"type": "hello", "after": 0})
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        async for frame in self.ws:
            if frame.type == aiohttp.WSMsgType.TEXT:
                self.frames.put_nowait(json.loads(frame.data))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()

    async def say(self, text: str, *, wait: float = 30.0, quiet: float = 1.5) -> list[dict[str, Any]]:
        """Send `text`; the replies to it (bot or system messages), once `quiet` seconds pass after one."""
        assert self.ws is not None
        client_id = uuid.uuid4().hex
        await self.ws.send_json({"type": "message", "text": text, "client_id": client_id})
        echoed = False
        replies: list[dict[str, Any]] = []
        deadline = time.monotonic() + wait
        while True:
            timeout = quiet if replies else max(0.01, deadline - time.monotonic())
            try:
                frame = await asyncio.wait_for(self.frames.get(), timeout)
            except asyncio.TimeoutError:
                return replies
            if frame.get("type") != "message":
                continue
            if frame.get("author") == "user":
                echoed = echoed or frame.get("client_id") == client_id
                continue
            if echoed:
                replies.append(frame)


async def one_turn(http: aiohttp.ClientSession, gateway_url: str, text: str) -> list[dict[str, Any]]:
    """A new conversation in the widget that says `text` once: the replies to it."""
    person = WidgetPerson(http, gateway_url)
    await person.open()
    try:
        return await person.say(text)
    finally:
        await person.close()
