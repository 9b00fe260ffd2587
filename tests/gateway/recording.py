"""A local HTTP server that stands in for Twilio's and Telegram's APIs and records every call.

The only fake in the gateway tests: the real twilio Client and python-telegram-bot Bot send real
HTTP requests here, and tests assert on what arrived.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Call:
    """One recorded API request."""

    service: str  # "twilio" or "telegram"
    method: str
    path: str
    params: dict[str, Any]
    basic_auth: tuple[str, str] | None


@dataclass
class RecordingApi:
    calls: list[Call] = field(default_factory=list)
    fail_twilio: bool = False
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def twilio_messages(self) -> list[Call]:
        return [c for c in self.calls if c.service == "twilio" and c.path.endswith("/Messages.json")]

    def telegram(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.service == "telegram" and c.path.endswith("/" + method)]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            await asyncio.sleep(0.05)
        raise AssertionError("the expected API call did not arrive")

    async def handle_twilio(self, request: web.Request) -> web.Response:
        form = await request.post()
        auth = None
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            auth = (user, password)
        self.calls.append(Call("twilio", request.method, request.path, dict(form), auth))
        if self.fail_twilio:
            return web.json_response({"code": 20500, "message": "Internal error", "status": 500}, status=500)
        sid = f"SM{next(self._ids):032x}"
        account = request.match_info["account"]
        return web.json_response(
            {
                "sid": sid,
                "account_sid": account,
                "to": form.get("To"),
                "from": form.get("From"),
                "body": form.get("Body"),
                "status": "queued",
                "num_segments": "1",
                "direction": "outbound-api",
                "api_version": "2010-04-01",
                "uri": f"/2010-04-01/Accounts/{account}/Messages/{sid}.json",
            },
            status=201,
        )

    async def handle_telegram(self, request: web.Request) -> web.Response:
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = dict(await request.post())
        params = {k: _maybe_json(v) for k, v in params.items()}
        self.calls.append(Call("telegram", request.method, request.path, params, None))
        method = request.match_info["method"]
        if method == "sendMessage":
            result: Any = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "text": params.get("text", ""),
            }
        elif method == "getMe":
            result = {"id": 1, "is_bot": True, "first_name": "Triage", "username": "triage_bot"}
        else:
            result = True
        return web.json_response({"ok": True, "result": result})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{account}/Messages.json", self.handle_twilio)
        app.router.add_post("/bot{token}/{method}", self.handle_telegram)
        return app


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
