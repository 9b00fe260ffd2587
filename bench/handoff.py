"""Handoff benchmark: how long until a person who asks for a human is in the staff queue, and how
long a staff reply takes to reach the person's websocket.

    .venv/bin/python bench/handoff.py                 # 20 handoffs, one after another
    .venv/bin/python bench/handoff.py --handoffs 40 --background 5

Against a private stack (action server, Rasa, gateway on free loopback ports, temporary SQLite
databases), with a real staff account made by `python -m bot staff add … --password-stdin`, signed
in through the console's login form and set available, exactly as a browser would:

  to queue   the person types "can i talk to a real person please" in the widget (websocket);
             the staff console's live queue stream (GET /staff/queue/events, server-sent events)
             says the queue changed, and the queue fragment it then fetches
             (GET /staff/queue/fragment) lists the conversation. Timed from the person's send to
             that fragment arriving. This includes the Rasa turn that queues the handoff.
  reply      staff claim the conversation (POST …/claim), then reply (POST …/reply, the form the
             console's JavaScript posts); timed from that POST to the staff message arriving on
             the person's websocket.

Each handoff is then closed by staff. --background N keeps N other people chatting to the
assistant meanwhile. Prints p50/p95/max; writes bench/out/handoff.json. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from bench.common import (
    ROOT,
    WebPerson,
    add_private_stack_options,
    guarded,
    machine,
    print_machine,
    print_memory,
    private_stack,
    say,
    summary,
    table,
    write_json,
)

PYTHON = ROOT / ".venv" / "bin" / "python"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
HANDOFF_TEXT = "can i talk to a real person please"
STAFF_TEXT = "Hello, I'm Sam from the team. I've read what you wrote. How can I help?"


class StaffConsole:
    """One signed-in staff member, driving the console over HTTP as its pages and script do."""

    def __init__(self, gateway_url: str) -> None:
        self.url = gateway_url + "/staff"
        # The gateway is addressed by IP; aiohttp only keeps cookies for IP hosts when "unsafe".
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""
        self.events: asyncio.Queue[float] = asyncio.Queue()
        self._stream: asyncio.Task[None] | None = None

    async def sign_in(self, username: str, password: str) -> None:
        async with self.http.get(f"{self.url}/login") as page:
            login_csrf = _csrf(await page.text())
        form = {"username": username, "password": password, "csrf_token": login_csrf, "next": "/staff/"}
        async with self.http.post(f"{self.url}/login", data=form, allow_redirects=False) as response:
            if response.status != 303:
                raise RuntimeError(f"signing in answered {response.status}")
        async with self.http.get(f"{self.url}/") as page:
            self.csrf = _csrf(await page.text())
        await self.post("/presence", {"presence": "available", "next": "/staff/"})

    async def post(self, path: str, form: dict[str, str], **headers: str) -> aiohttp.ClientResponse:
        response = await self.http.post(
            self.url + path, data={**form, "csrf_token": self.csrf}, headers=headers, allow_redirects=False
        )
        await response.read()
        if response.status not in (200, 303):
            raise RuntimeError(f"POST /staff{path} answered {response.status}")
        return response

    async def open_queue_stream(self) -> None:
        response = await self.http.get(f"{self.url}/queue/events", timeout=aiohttp.ClientTimeout(total=None))
        if response.status != 200:
            raise RuntimeError(f"GET /staff/queue/events answered {response.status}")

        async def read() -> None:
            async for line in response.content:
                if line.strip() == b"event: queue":
                    self.events.put_nowait(time.monotonic())

        self._stream = asyncio.ensure_future(read())
        await asyncio.wait_for(self.events.get(), 10)  # the stream's opening "queue" event

    async def queue_lists(self, contact_id: str) -> bool:
        async with self.http.get(f"{self.url}/queue/fragment") as response:
            return contact_id in await response.text()

    async def close(self) -> None:
        if self._stream is not None:
            self._stream.cancel()
            await asyncio.gather(self._stream, return_exceptions=True)
        await self.http.close()


def _csrf(html: str) -> str:
    match = CSRF.search(html)
    if match is None:
        raise RuntimeError("no csrf_token on the console page")
    return match.group(1)


def add_staff(env: dict[str, str]) -> tuple[str, str]:
    username = f"bench.{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(24)
    result = subprocess.run(
        [
            str(PYTHON),
            "-m",
            "bot",
            "staff",
            "add",
            username,
            "--name",
            "Sam Bench",
            "--first-name",
            "Sam",
            "--password-stdin",
        ],
        cwd=ROOT,
        env=env,
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        raise RuntimeError(f"python -m bot staff add failed:\n{result.stdout}\n{result.stderr}")
    return username, password


async def wait_for_author(person: WebPerson, author: str, timeout: float) -> float:
    """Arrival time of the next message frame from `author`."""
    deadline = time.monotonic() + timeout
    while True:
        at, frame = await person.next_frame(max(0.01, deadline - time.monotonic()))
        if frame.get("type") == "message" and frame.get("author") == author:
            return at


async def settle(person: WebPerson, quiet: float = 0.3) -> None:
    """Read frames until `quiet` seconds pass with none."""
    while True:
        try:
            await person.next_frame(quiet)
        except asyncio.TimeoutError:
            return


async def one_handoff(http: aiohttp.ClientSession, stack: Any, staff: StaffConsole) -> dict[str, Any]:
    from bot.channels.tokens import TokenSigner
    from bot.console import labels

    person = WebPerson(http, stack.gateway_url)
    await person.open()
    try:
        await person.turn("hi", quiet=0.3, reply_timeout=30)
        signer = TokenSigner(stack.settings.session_secret)
        session = signer.verify(person.token)
        assert session is not None
        contact_id = signer.contact_id_for(session.session_id)
        while not staff.events.empty():
            staff.events.get_nowait()

        assert person.ws is not None
        sent = time.monotonic()
        await person.ws.send_json({"type": "message", "text": HANDOFF_TEXT, "client_id": secrets.token_hex(8)})
        queued_at = event_at = None
        while queued_at is None:
            at = await asyncio.wait_for(staff.events.get(), 30)
            if await staff.queue_lists(contact_id):
                event_at, queued_at = at, time.monotonic()
        await settle(person)

        await staff.post(f"/conversations/{contact_id}/claim", {})
        await settle(person)  # "Sam from our team has joined the conversation."

        replied = time.monotonic()
        response = await staff.post(
            f"/conversations/{contact_id}/reply", {"text": STAFF_TEXT}, Accept="application/json"
        )
        posted = time.monotonic()
        delivered = await wait_for_author(person, "staff", 30)
        if response.status != 200:
            raise RuntimeError(f"reply answered {response.status}")
        await staff.post(f"/conversations/{contact_id}/close", {"outcome": next(iter(labels.OUTCOMES))})
        return {
            "to_queue": queued_at - sent,
            "to_queue_event": event_at - sent,
            "reply_to_person": delivered - replied,
            "reply_post": posted - replied,
        }
    finally:
        await person.close()


async def background_chat(http: aiohttp.ClientSession, stack: Any, index: int, stop: asyncio.Event) -> int:
    """Someone chatting to the assistant (never asking for a person) until told to stop."""
    from bench.load import conversation

    sent = 0
    while not stop.is_set():
        person = WebPerson(http, stack.gateway_url)
        await person.open()
        try:
            for text in conversation(index, 20)[:-1]:
                if stop.is_set():
                    break
                await person.turn(text, quiet=0.3, reply_timeout=20)
                sent += 1
        finally:
            await person.close()
    return sent


async def measure(stack: Any, args: argparse.Namespace) -> dict[str, Any]:
    username, password = add_staff(stack.env())
    staff = StaffConsole(stack.gateway_url)
    stop = asyncio.Event()
    samples: list[dict[str, Any]] = []
    errors: list[str] = []
    deadline = time.monotonic() + args.duration_cap
    try:
        await staff.sign_in(username, password)
        await staff.open_queue_stream()
        async with aiohttp.ClientSession() as http:
            background = [asyncio.ensure_future(background_chat(http, stack, i, stop)) for i in range(args.background)]
            try:
                for n in range(args.handoffs):
                    if time.monotonic() > deadline:
                        say(f"duration cap reached after {n} handoffs")
                        break
                    try:
                        sample = await asyncio.wait_for(one_handoff(http, stack, staff), 120)
                    except (asyncio.TimeoutError, RuntimeError, aiohttp.ClientError) as error:
                        errors.append(type(error).__name__ + (f": {error}" if str(error) else ""))
                        continue
                    samples.append(sample)
                    say(
                        f"handoff {n + 1}: in the queue after {sample['to_queue'] * 1000:.0f} ms, "
                        f"staff reply delivered after {sample['reply_to_person'] * 1000:.0f} ms"
                    )
            finally:
                stop.set()
                background_sent = sum(await asyncio.gather(*background, return_exceptions=False)) if background else 0
    finally:
        await staff.close()
    return {
        "samples": samples,
        "errors": errors,
        "background_people": args.background,
        "background_messages": background_sent,
        "to_queue": summary([s["to_queue"] for s in samples]),
        "to_queue_event": summary([s["to_queue_event"] for s in samples]),
        "reply_to_person": summary([s["reply_to_person"] for s in samples]),
        "reply_post": summary([s["reply_post"] for s in samples]),
    }


def report(data: dict[str, Any]) -> None:
    rows = []
    for key, label in [
        ("to_queue", "request -> listed in the console queue"),
        ("to_queue_event", "request -> queue stream event"),
        ("reply_to_person", "staff reply POST -> person's websocket"),
        ("reply_post", "staff reply POST answered"),
    ]:
        s = data[key]
        rows.append([label, s["n"], f"{s['p50_ms']:.0f}", f"{s['p95_ms']:.0f}", f"{s['max_ms']:.0f}"])
    print()
    print(table(["", "n", "p50 ms", "p95 ms", "max ms"], rows))
    if data["errors"]:
        print(f"errors ({len(data['errors'])}): " + "; ".join(sorted(set(data["errors"]))))
    if data["background_people"]:
        print(f"meanwhile {data['background_people']} other people sent {data['background_messages']} messages")
    print_memory(data["memory"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--handoffs", type=int, default=20, help="how many handoffs, one after another (default 20)")
    parser.add_argument(
        "--background", type=int, default=0, help="other people chatting with the assistant meanwhile (default 0)"
    )
    parser.add_argument("--duration-cap", type=float, default=300, help="seconds after which no new handoff starts")
    add_private_stack_options(parser)
    args = parser.parse_args(argv)
    if args.handoffs < 1 or args.background < 0:
        parser.error("--handoffs must be at least 1 and --background at least 0")

    def run() -> int:
        info = machine()
        print_machine(info)
        say("Starting a private stack (action server, Rasa, gateway)")
        with private_stack(keep=args.keep, unpatched_rasa=args.unpatched_rasa, model=args.model) as stack:
            data = asyncio.run(measure(stack, args))
            data["memory"] = stack.memory()
        data["machine"] = info
        data["unpatched_rasa"] = args.unpatched_rasa
        data["load_average_after"] = machine()["load_average"]
        report(data)
        say(f"wrote {write_json('handoff.json', data).relative_to(ROOT)}")
        return 0

    return guarded(run, args.duration_cap + 600)


if __name__ == "__main__":
    sys.exit(main())
