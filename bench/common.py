"""What the benchmark scripts share: a private stack on loopback, clients for each way in, memory
and percentiles, and the guard that makes every script stop what it started and exit in bounded time.

Run the scripts with the application venv (`.venv/bin/python bench/<name>.py`); only `nlu.py` and
`chart.py` use the Rasa venv. Nothing here asserts anything about time: the scripts measure and print.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from bot.settings import Settings  # noqa: E402

OUT = ROOT / "bench" / "out"
LOOPBACK = "127.0.0.1"
# Stand-ins for Twilio (the only thing that cannot run here); numbers from Ofcom's drama range.
TWILIO_SID = "AC" + "b" * 32
TWILIO_TOKEN = "bench-twilio-auth-token"
TWILIO_FROM = "+447700900000"
# Every simulated person comes from 127.0.0.1, so the per-address limits and caps would throttle the run
# or refuse most of its websockets; the limiter code still runs on every message.
UNTHROTTLED = dict(
    web_messages_per_minute=1_000_000,
    web_address_messages_per_minute=1_000_000,
    web_sessions_per_hour=1_000_000,
    web_sockets_per_address=1_000_000,
    web_connects_per_minute=1_000_000,
    web_global_sessions_per_minute=1_000_000,
)


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


# ------------------------------------------------------------------------------------ bounded runs


class HardTimeout(BaseException):
    """The script ran past its hard time limit (raised from SIGALRM, wherever it was waiting)."""


def guarded(main: Callable[[], int], hard_timeout: float) -> int:
    """Run `main` with Ctrl+C, SIGTERM and a hard time limit all ending in its `finally` blocks.

    Exit codes: main's own (0 when it measured), 130 interrupted, 124 hard timeout.
    """

    def on_term(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    def on_alarm(_signum: int, _frame: object) -> None:
        raise HardTimeout

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(max(1, int(hard_timeout)))
    try:
        return main()
    except KeyboardInterrupt:
        print("\ninterrupted: stopped everything this run started", file=sys.stderr)
        return 130
    except HardTimeout:
        print(f"\nhard timeout after {hard_timeout:.0f} s: stopped everything this run started", file=sys.stderr)
        return 124
    finally:
        signal.alarm(0)


# ------------------------------------------------------------------------------------ the stack


@dataclass
class Stack:
    """A private running stack: its settings, URLs, processes and how long each took to start."""

    settings: Settings
    root: Path
    service: Any
    urls: dict[str, str] = field(default_factory=dict)
    started: dict[str, float] = field(default_factory=dict)

    @property
    def gateway_url(self) -> str:
        return self.urls["gateway"]

    @property
    def rasa_url(self) -> str:
        return self.urls["rasa"]

    def env(self) -> dict[str, str]:
        return dict(self.service.env)

    def pids(self) -> dict[str, int]:
        return {child.name: child.process.pid for child in self.service.children}

    def memory(self) -> dict[str, dict[str, float]]:
        """Peak (VmHWM) and current (VmRSS) resident memory of each process and its children, MB."""
        return {name: process_memory(pid) for name, pid in self.pids().items()}

    def cpu(self) -> dict[str, float]:
        """CPU seconds (user + system) each process and its children have used so far."""
        return {name: process_cpu_seconds(pid) for name, pid in self.pids().items()}

    def check_alive(self) -> None:
        for child in self.service.children:
            if child.process.poll() is not None:
                raise RuntimeError(f"{child.name} exited with {child.process.returncode}:\n{child.tail()}")


def stack_settings(root: Path, **overrides: Any) -> Settings:
    """Private settings (the tests' helper, local_settings): own ports, temporary databases, random
    secrets; the gateway's origin is its own URL."""
    from bot.supervisor import local_settings

    values: dict[str, Any] = dict(
        staff_hours="always",
        log_level="WARNING",
        **UNTHROTTLED,
    )
    values.update(overrides)
    return local_settings(root, **values)


def add_private_stack_options(parser: argparse.ArgumentParser) -> None:
    """--keep, --model and --unpatched-rasa, as bench/load.py and bench/handoff.py take them."""
    parser.add_argument("--keep", action="store_true", help="keep the temporary databases and logs")
    parser.add_argument(
        "--model",
        type=Path,
        help="this model archive instead of the one for the current training data (same model, comparable runs)",
    )
    parser.add_argument(
        "--unpatched-rasa",
        action="store_true",
        help="start Rasa without rasa_ext/action_validation.py (as Rasa ships), to measure that change",
    )


@contextlib.contextmanager
def private_stack(
    parts: Sequence[str] = ("actions", "rasa", "gateway"),
    *,
    model: Path | None = None,
    keep: bool = False,
    settings_overrides: dict[str, Any] | None = None,
    unpatched_rasa: bool = False,
) -> Iterator[Stack]:
    """Start the chosen parts in order (action server, Rasa, gateway) on free loopback ports, with
    temporary SQLite databases; stop every process on the way out, whatever happened.

    `unpatched_rasa` starts Rasa without rasa_ext/action_validation.py (as Rasa ships), to measure it.
    """
    from bot.model import RASA_PYTHON, ensure_trained
    from bot.store.migrate import upgrade
    from bot.supervisor import Service, service_env

    root = Path(tempfile.mkdtemp(prefix="bench-stack-"))
    settings = stack_settings(root, **(settings_overrides or {}))
    began = time.monotonic()
    upgrade(settings.database_url)
    migrated = time.monotonic() - began
    # Every setting, explicitly (Settings.to_env): a developer's .env cannot change the run.
    service = Service(settings, root / "logs", env=service_env(settings))
    stack = Stack(settings, root, service, started={"migrate": migrated})
    if unpatched_rasa:
        service.rasa_command = [
            str(RASA_PYTHON),
            "-c",
            "from rasa_ext.serve import main; main(cached_validation=False)",
        ]
    try:
        if "rasa" in parts and model is None:
            model = ensure_trained(log=lambda line: say(line.removeprefix("==> ")))
        for part in parts:
            began = time.monotonic()
            if part == "actions":
                stack.urls["actions"] = service.start_action_server()
            elif part == "rasa":
                assert model is not None
                stack.urls["rasa"] = service.start_rasa(model, settings.rasa_workers or 1)
            elif part == "gateway":
                stack.urls["gateway"] = service.start_gateway(stack.urls.get("rasa"))
            stack.started[part] = time.monotonic() - began
        yield stack
    finally:
        service.stop()
        if keep:
            say(f"kept {root} (logs in {root / 'logs'})")
        else:
            shutil.rmtree(root, ignore_errors=True)


# ------------------------------------------------------------------------------------ memory


def _children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return found


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children_of(current)
    return pids


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of `pid` and its live descendants, from /proc/<pid>/stat.

    Robust where latency is not: on a shared machine a busy neighbour slows every reply, but the
    CPU time our processes spend per message stays about the same.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except (OSError, IndexError, ValueError):
            continue
    return total / ticks


def process_memory(pid: int) -> dict[str, float]:
    """VmHWM (peak resident set) and VmRSS of `pid` plus all its descendants, in MB.

    The sum of peaks is an upper bound on the tree's joint peak (children may peak at other times).
    """
    pids = _tree(pid)
    return {
        "peak_mb": sum(_status_kb(p, "VmHWM") for p in pids) / 1024,
        "rss_mb": sum(_status_kb(p, "VmRSS") for p in pids) / 1024,
        "processes": len(pids),
    }


# ------------------------------------------------------------------------------------ figures


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), linear between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(seconds: Sequence[float]) -> dict[str, float]:
    """n, p50, p95, max and mean, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "max_ms": max(ms) if ms else float("nan"),
        "mean_ms": sum(ms) / len(ms) if ms else float("nan"),
    }


def machine() -> dict[str, Any]:
    """Date, cores, memory and load: printed with every result, because these machines are shared."""
    meminfo = Path("/proc/meminfo").read_text()
    total_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "cpu": cpu.group(1).strip() if cpu else platform.processor(),
        "memory_gb": round(total_kb / 1024 / 1024, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }


def print_machine(info: dict[str, Any]) -> None:
    load = ", ".join(f"{x:.2f}" for x in info["load_average"])
    print(
        f"machine: {info['cores']} cores ({info['cpu']}), {info['memory_gb']} GB; load average {load}; {info['date']}"
    )


def print_memory(memory: dict[str, dict[str, float]]) -> None:
    total = sum(m["peak_mb"] for m in memory.values())
    parts = ", ".join(f"{name} {m['peak_mb']:.0f} MB" for name, m in memory.items())
    print(f"peak memory (VmHWM): {parts}; whole stack {total:.0f} MB")


def write_json(name: str, data: dict[str, Any]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")
    return path


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain aligned text table."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# ------------------------------------------------------------------------------------ the web widget


@dataclass
class Turn:
    """One message and the assistant's answer, as the person saw it."""

    latency: float | None  # seconds from sending to the last reply of the turn; None on error
    replies: int = 0
    error: str | None = None
    late: int = 0  # replies to an earlier message that arrived after its quiet period
    largest_gap: float = 0.0  # longest wait between two replies of this turn
    handed_off: bool = False  # the conversation now waits for staff: the assistant will not answer


# Said by the gateway whenever a conversation is queued for staff and nobody is available (the
# benchmarks sign nobody in), so it marks a handoff on every channel.
def _nobody_available_text() -> str:
    from bot.routing import canned

    return canned.NO_STAFF_AVAILABLE.text.split(".")[0]


class WebPerson:
    """A person in the widget: a session token, then a real websocket with the gateway's Origin."""

    def __init__(self, http: aiohttp.ClientSession, gateway_url: str) -> None:
        self.http = http
        self.gateway_url = gateway_url
        self.frames: asyncio.Queue[tuple[float, dict[str, Any]]] = asyncio.Queue()
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.token = ""
        self._reader: asyncio.Task[None] | None = None

    async def open(self) -> None:
        headers = {"Origin": self.gateway_url}
        async with self.http.post(f"{self.gateway_url}/api/web/session", json={}, headers=headers) as response:
            if response.status != 200:
                raise RuntimeError(f"POST /api/web/session answered {response.status}")
            self.token = (await response.json())["token"]
        self.ws = await self.http.ws_connect(
            f"{self.gateway_url}/channels/web/ws?token={self.token}", origin=self.gateway_url, heartbeat=None
        )
        await self.ws.send_json({"type": "hello", "after": 0})
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        async for frame in self.ws:
            if frame.type == aiohttp.WSMsgType.TEXT:
                self.frames.put_nowait((time.monotonic(), json.loads(frame.data)))
        self.frames.put_nowait((time.monotonic(), {"type": "closed"}))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)

    def drain(self) -> None:
        while not self.frames.empty():
            self.frames.get_nowait()

    async def next_frame(self, timeout: float) -> tuple[float, dict[str, Any]]:
        return await asyncio.wait_for(self.frames.get(), timeout)

    async def turn(self, text: str, *, quiet: float, reply_timeout: float) -> Turn:
        """Send `text`; the turn is complete when, after at least one reply to it, `quiet` seconds
        pass with no further frame. Latency runs to the last reply, so the quiet wait is not in it."""
        from bot.routing import canned

        assert self.ws is not None
        client_id = uuid.uuid4().hex
        sent = time.monotonic()
        await self.ws.send_json({"type": "message", "text": text, "client_id": client_id})
        echo_id: int | None = None
        last_reply: float | None = None
        replies = late = 0
        gap = 0.0
        error = None
        handed_off = False
        while True:
            wait = quiet if last_reply is not None else max(0.01, sent + reply_timeout - time.monotonic())
            try:
                at, frame = await self.next_frame(wait)
            except asyncio.TimeoutError:
                if last_reply is None:
                    error = "no reply"
                break
            kind = frame.get("type")
            if kind == "closed":
                error = "socket closed"
                break
            if kind == "error":
                error = str(frame.get("code"))
                break
            if kind == "state" and frame.get("owner") in ("queued", "staff") and echo_id is not None:
                handed_off = True
            if kind != "message":
                continue
            if frame.get("author") == "user":
                if frame.get("client_id") == client_id:
                    echo_id = frame["id"]
                continue
            if echo_id is None or frame["id"] < echo_id:
                late += 1
                continue
            if frame.get("author") == "system" and frame.get("text") == canned.RASA_UNAVAILABLE.text:
                error = "apology"  # the gateway gave up on Rasa (RASA_TIMEOUT_SECONDS) and said sorry
            if last_reply is not None:
                gap = max(gap, at - last_reply)
            last_reply = at
            replies += 1
        latency = None if error or last_reply is None else last_reply - sent
        return Turn(latency, replies, error, late, gap, handed_off)


# ------------------------------------------------------------------------------------ SMS


class TwilioRecorder:
    """A local stand-in for Twilio's Messages API that timestamps each send, per recipient number."""

    def __init__(self) -> None:
        self.sends: dict[str, asyncio.Queue[tuple[float, str]]] = {}
        self.count = 0
        self.runner: web.AppRunner | None = None
        self.base_url = ""

    def queue_for(self, number: str) -> asyncio.Queue[tuple[float, str]]:
        return self.sends.setdefault(number, asyncio.Queue())

    async def handle(self, request: web.Request) -> web.Response:
        form = await request.post()
        at = time.monotonic()
        to = str(form.get("To", ""))
        self.queue_for(to).put_nowait((at, str(form.get("Body", ""))))
        self.count += 1
        account = request.match_info["account"]
        sid = f"SM{self.count:032x}"
        return web.json_response(
            {
                "sid": sid,
                "account_sid": account,
                "to": to,
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

    async def start(self, port: int) -> None:
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{account}/Messages.json", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, LOOPBACK, port).start()
        self.base_url = f"http://{LOOPBACK}:{port}"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


class SmsPerson:
    """A person texting: signed webhooks in; the turn ends at the last Twilio API call for them."""

    numbers = iter(range(900001, 999999))

    def __init__(
        self, http: aiohttp.ClientSession, settings: Settings, recorder: TwilioRecorder, acks: list[float] | None = None
    ) -> None:
        from twilio.request_validator import RequestValidator

        self.http = http
        self.url = settings.public_base_url.rstrip("/") + "/channels/sms"
        self.validator = RequestValidator(settings.twilio_auth_token)
        self.number = f"+447700{next(self.numbers):06d}"
        self.sent = recorder.queue_for(self.number)
        self.acks: list[float] = [] if acks is None else acks  # how long the webhook took to answer 200

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def turn(self, text: str, *, quiet: float, reply_timeout: float) -> Turn:
        from bot.routing import canned

        sid = "SM" + uuid.uuid4().hex
        params = {
            "MessageSid": sid,
            "SmsSid": sid,
            "AccountSid": TWILIO_SID,
            "From": self.number,
            "To": TWILIO_FROM,
            "Body": text,
            "NumMedia": "0",
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": self.validator.compute_signature(self.url, params),
        }
        late = 0
        while not self.sent.empty():  # sends for an earlier message, after its quiet period
            self.sent.get_nowait()
            late += 1
        began = time.monotonic()
        async with self.http.post(self.url, data=urlencode(params), headers=headers) as response:
            await response.read()
            if response.status != 200:
                return Turn(None, error=f"webhook answered {response.status}", late=late)
        self.acks.append(time.monotonic() - began)
        last: float | None = None
        replies = 0
        gap = 0.0
        error = None
        handed_off = False
        apology = canned.RASA_UNAVAILABLE.text.split(". ")[0]
        nobody = _nobody_available_text()
        while True:
            wait = quiet if last is not None else max(0.01, began + reply_timeout - time.monotonic())
            try:
                at, body = await asyncio.wait_for(self.sent.get(), wait)
            except asyncio.TimeoutError:
                break
            if body.startswith(apology):
                error = "apology"  # the gateway gave up on Rasa (RASA_TIMEOUT_SECONDS) and said sorry
            handed_off = handed_off or nobody in body
            if last is not None:
                gap = max(gap, at - last)
            last = at
            replies += 1
        if last is None:
            return Turn(None, error="no SMS sent", late=late)
        return Turn(None if error else last - began, replies, error, late, gap, handed_off)


# ------------------------------------------------------------------------------------ plain Rasa


class RestPerson:
    """The same conversation straight to Rasa's REST channel (no gateway): Rasa's own latency."""

    def __init__(self, http: aiohttp.ClientSession, rasa_url: str, database_url: str) -> None:
        self.http = http
        from bot.rasa_client import preference, worker_urls

        self.sender = str(uuid.uuid4())  # the one conversation id format (bot/conversation_ids.py)
        # With several Rasa workers, the one the gateway would pick for this conversation.
        self.url = preference(self.sender, worker_urls(rasa_url))[0] + "/webhooks/rest/webhook"
        # The action server queues handoffs in the contact log (owner 'queued'); the gateway would
        # then stop passing messages to Rasa, so the person stops here too, as on the other paths.
        self.database = database_url.removeprefix("sqlite:///")

    def handed_off(self) -> bool:
        import sqlite3

        with contextlib.closing(sqlite3.connect(self.database, timeout=10)) as db:
            row = db.execute("SELECT owner FROM contacts WHERE id = ?", (self.sender,)).fetchone()
        return bool(row) and row[0] in ("queued", "staff")

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def turn(self, text: str, *, quiet: float, reply_timeout: float) -> Turn:
        began = time.monotonic()
        try:
            async with self.http.post(
                self.url,
                json={"sender": self.sender, "message": text},
                timeout=aiohttp.ClientTimeout(total=reply_timeout),
            ) as response:
                body = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            return Turn(None, error=type(error).__name__)
        latency = time.monotonic() - began
        if status != 200 or not isinstance(body, list):
            return Turn(None, error=f"Rasa answered {status}")
        handed_off = self.handed_off()
        # The same think time the other paths spend waiting for quiet, so the load is comparable.
        await asyncio.sleep(quiet)
        return Turn(latency, len(body), handed_off=handed_off)
