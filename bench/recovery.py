"""Recovery benchmark: a Rasa worker killed with SIGKILL while people are chatting, and how long until
everyone gets normal answers again.

    .venv/bin/python bench/recovery.py                                   # 10 people, 2 workers
    .venv/bin/python bench/recovery.py --people 20 --redis-url redis://127.0.0.1:6379/15

A private stack (action server, --rasa-workers Rasa workers sharing Redis's lock store, gateway) is kept
running the way `python -m bot serve` keeps it: a child that stops is started again after its back-off.
--people people chat on the web widget without pause (a new conversation every --messages messages),
asking questions that never hand the conversation to staff; after --warm-up seconds the first Rasa
worker is killed with SIGKILL, and the run goes on until that worker answers again plus --after seconds.

Prints what the turns in flight at the kill got, what every message got in 5-second steps from the kill
(apologies, unanswered turns), the seconds until normal (kill to the end of the last turn that was not a
normal answer), the seconds until the killed worker answered again, and, from the contact log, whether any
person's message was lost or stored twice. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from bench.common import (
    Turn,
    WebPerson,
    add_private_stack_options,
    guarded,
    machine,
    print_machine,
    private_stack,
    say,
    table,
    write_json,
)
from bench.load import EXTRA_QUESTIONS


@dataclass
class Sent:
    """One message and what came of it, on the run's clock (seconds since the run began)."""

    sent: float
    ended: float
    turn: Turn

    @property
    def normal(self) -> bool:
        return self.turn.error is None


def keep_restarting(service: Any, stop: threading.Event) -> threading.Thread:
    """What `bot serve` does every half second: start again any child that stopped."""

    def loop() -> None:
        while not stop.wait(0.5):
            service.restart_stopped()

    thread = threading.Thread(target=loop, name="restart-stopped", daemon=True)
    thread.start()
    return thread


async def chat(stack: Any, args: argparse.Namespace) -> dict[str, Any]:
    """People chat until the killed worker is back plus --after seconds; returns every turn and the times."""
    from bot.supervisor import rasa_ready

    killed_url = stack.rasa_url.split(",")[0]
    killed_name = "rasa-1" if "," in stack.rasa_url else "rasa"
    began = time.monotonic()
    times: dict[str, float] = {}
    sent: list[Sent] = []
    done = asyncio.Event()

    async def person(index: int, http: aiohttp.ClientSession) -> None:
        # A new conversation every --messages messages: Rasa's cost per turn grows with the conversation,
        # so one endless conversation each would slow the run down whatever the kill did.
        n = index
        while not done.is_set():
            web = WebPerson(http, stack.gateway_url)
            await web.open()
            try:
                for _ in range(args.messages):
                    if done.is_set():
                        break
                    text = EXTRA_QUESTIONS[n % len(EXTRA_QUESTIONS)]
                    n += 1
                    at = time.monotonic() - began
                    turn = await web.turn(text, quiet=args.quiet, reply_timeout=args.reply_timeout)
                    sent.append(Sent(at, time.monotonic() - began, turn))
            finally:
                await web.close()

    async def kill_then_wait() -> None:
        await asyncio.sleep(args.warm_up)
        pid = stack.pids()[killed_name]
        os.kill(pid, signal.SIGKILL)
        times["kill"] = time.monotonic() - began
        say(f"killed {killed_name} (pid {pid}) at {times['kill']:.1f} s")
        token = stack.settings.rasa_api_token
        while not await asyncio.to_thread(rasa_ready, killed_url, token):
            await asyncio.sleep(0.5)
        times["worker_back"] = time.monotonic() - began
        say(f"{killed_name} answers again at {times['worker_back']:.1f} s")
        await asyncio.sleep(args.after)
        done.set()

    async with aiohttp.ClientSession() as http:
        await asyncio.gather(kill_then_wait(), *(person(i, http) for i in range(args.people)))
    return {"sent": sent, "times": times}


def stored_person_messages(database_url: str) -> int:
    """How many messages from people the contact log holds."""
    from sqlalchemy import create_engine, func, select

    from bot.store.models import Message

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).where(Message.author == "user")).scalar_one())
    finally:
        engine.dispose()


def summarise(sent: list[Sent], times: dict[str, float], stored: int) -> dict[str, Any]:
    kill = times["kill"]
    in_flight = [s for s in sent if s.sent <= kill < s.ended]
    after = [s for s in sent if s.sent > kill]
    not_normal = [s for s in sent if s.ended > kill and not s.normal]
    last_bad = max((s.ended for s in not_normal), default=kill)
    timeline: dict[int, Counter[str]] = {}
    for s in sent:  # what each message got, by when it was sent: 5-second steps from the kill
        step = int((s.sent - kill) // 5) * 5
        timeline.setdefault(step, Counter())[s.turn.error or "answered"] += 1
    return {
        "timeline": {step: dict(timeline[step]) for step in sorted(timeline)},
        "messages": len(sent),
        "in_flight_at_kill": len(in_flight),
        "in_flight_outcomes": dict(Counter(s.turn.error or "answered" for s in in_flight)),
        "after_kill": len(after),
        "after_kill_outcomes": dict(Counter(s.turn.error or "answered" for s in after)),
        "seconds_until_normal": round(last_bad - kill, 1),
        "seconds_until_worker_back": round(times["worker_back"] - kill, 1),
        "stored_person_messages": stored,
        "lost_or_doubled": stored - len(sent),
    }


def report(data: dict[str, Any]) -> None:
    s = data["summary"]
    print()
    print(
        table(
            ["", "value"],
            [
                ["people at once", data["options"]["people"]],
                ["Rasa workers", data["options"]["rasa_workers"]],
                ["messages sent", s["messages"]],
                ["in flight at the kill", f"{s['in_flight_at_kill']}: {s['in_flight_outcomes']}"],
                ["sent after the kill", f"{s['after_kill']}: {s['after_kill_outcomes']}"],
                ["seconds until normal", s["seconds_until_normal"]],
                ["seconds until the worker answered again", s["seconds_until_worker_back"]],
                ["people's messages in the contact log", f"{s['stored_person_messages']} (sent {s['messages']})"],
            ],
        )
    )
    print("\nWhat the messages got, by when they were sent (seconds from the kill):")
    print(
        table(
            ["sent from", "answered", "apology", "other"],
            [
                [
                    f"{step:+d} s",
                    got.get("answered", 0),
                    got.get("apology", 0),
                    sum(n for k, n in got.items() if k not in ("answered", "apology")),
                ]
                for step, got in s["timeline"].items()
            ],
        )
    )
    print("'apology': the gateway gave up on Rasa and said sorry; 'no reply': nothing within --reply-timeout.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10, help="people chatting at once (default 10)")
    parser.add_argument("--rasa-workers", type=int, default=2, help="Rasa processes (default 2)")
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/15", help="Redis for the workers' lock store and the gateway"
    )
    parser.add_argument("--warm-up", type=float, default=20.0, help="seconds of chat before the kill (default 20)")
    parser.add_argument(
        "--after", type=float, default=20.0, help="seconds of chat after the worker is back (default 20)"
    )
    parser.add_argument("--messages", type=int, default=10, help="messages in each conversation (default 10)")
    parser.add_argument("--quiet", type=float, default=0.3, help="seconds without a frame that end a turn")
    parser.add_argument("--reply-timeout", type=float, default=20.0, help="seconds to wait for a first reply")
    parser.add_argument("--json", type=Path, help="write the figures here (default bench/out/recovery.json)")
    add_private_stack_options(parser)
    args = parser.parse_args(argv)
    if min(args.people, args.rasa_workers, args.messages) < 1 or args.warm_up < 0 or args.after < 0:
        parser.error("--people, --rasa-workers and --messages must be at least 1; --warm-up and --after not negative")

    def run() -> int:
        info = machine()
        print_machine(info)
        overrides = dict(
            rasa_workers=args.rasa_workers,
            redis_url=args.redis_url,
            redis_prefix=f"bench-recovery-{os.getpid()}:",
        )
        say(f"Starting a private stack ({args.rasa_workers} Rasa workers, Redis {args.redis_url})")
        with private_stack(
            keep=args.keep, settings_overrides=overrides, unpatched_rasa=args.unpatched_rasa, model=args.model
        ) as stack:
            say("Stack up: " + ", ".join(f"{k} {v:.1f} s" for k, v in stack.started.items()))
            stop = threading.Event()
            restarter = keep_restarting(stack.service, stop)
            try:
                measured = asyncio.run(chat(stack, args))
            finally:
                stop.set()
                restarter.join()
            stored = stored_person_messages(stack.settings.database_url)
        data = {
            "machine": info,
            "load_average_after": machine()["load_average"],
            "options": {k: v for k, v in vars(args).items() if k not in ("json", "model")},
            "times": measured["times"],
            "summary": summarise(measured["sent"], measured["times"], stored),
        }
        report(data)
        if args.json is None:
            path = write_json("recovery.json", data)
        else:
            path = args.json
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        say(f"wrote {path}")
        return 0

    return guarded(run, hard_timeout=900)


if __name__ == "__main__":
    sys.exit(main())
