"""Load benchmark: simulated people holding whole conversations through the web widget, through
signed SMS webhooks, and straight to Rasa's REST channel, at several concurrency levels.

    .venv/bin/python bench/load.py                       # 1, 5, 10 and 20 people at once
    .venv/bin/python bench/load.py --people 10 --messages 12 --concurrency-levels 1,10

At each level, that many people talk at once, each a fresh conversation of --messages messages
(scripts below, cycled), and each waits for the whole answer before sending the next message.
The three ways in run one after another at each level, against one private stack (action server,
Rasa, gateway) on free loopback ports with temporary SQLite databases:

  web   POST /api/web/session, then the websocket with the gateway's Origin. A turn is complete when,
        after at least one reply to the message, --quiet seconds pass with no further frame;
        latency is send -> last reply (the quiet wait is not in it).
  sms   POST /channels/sms signed with twilio's RequestValidator; replies go out through the real
        twilio client to a local recording server. Latency is webhook post -> last Twilio API call
        for that turn (same quiet rule).
  rest  Rasa's /webhooks/rest/webhook directly: Rasa's own latency, no gateway. Each person then
        waits --quiet seconds, so all three paths put the same load on Rasa.

Before the levels, a paired round (--paired conversations, one person) sends each message on every
path back to back, in rotating order, so a busy neighbour slows them alike: the median per-message
difference to plain Rasa is the gateway's overhead.

`--rasa-workers N --redis-url redis://…` runs N Rasa workers behind the gateway (each conversation on
one worker, as the gateway picks it; the rest path picks the same way), with Rasa's Redis lock store;
`--tracker-database-url` puts their tracker store on PostgreSQL. `--unpatched-rasa` starts Rasa as it
ships (without rasa_ext/action_validation.py), to measure that change.

Prints p50/p95/max latency, messages per second and errors per path and level, CPU time per message
and peak resident memory of each process (gateway, Rasa, action server); writes bench/out/load.json
(bench/chart.py draws it). Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from bench.common import (
    TWILIO_FROM,
    TWILIO_SID,
    TWILIO_TOKEN,
    RestPerson,
    SmsPerson,
    Turn,
    TwilioRecorder,
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

PATHS = ("web", "sms", "rest")

# What people write: short, unpunctuated, often vague. Each script is one conversation; a request
# for a person comes last (after it, staff own the conversation and the assistant stays quiet).
SCRIPTS: list[list[str]] = [
    [  # a complaint, the whole form, then questions and a person
        "hi",
        "what can i complain about",
        "how long have i got to complain",
        "I want to complain about an officer",
        "yes",
        "he pushed me over outside the chip shop for no reason and laughed about it",
        "last saturday night",
        "merseyside",
        "dont know",
        "no",
        "for me",
        "email",
        "no",
        "yes",
        "no thanks",
        "what happens after i complain",
        "will the officer find out it was me",
        "what could happen to him",
        "thanks",
        "can i talk to a real person please",
    ],
    [  # questions only, a parent asking for a teenager
        "hello",
        "who are you",
        "are you the police?",
        "who can complain about the police",
        "can i complain for my son hes 15",
        "the police searched him in the street in front of his mates",
        "what are the time limits",
        "what if it happened over a year ago",
        "how do i make a complaint",
        "do i have to give my name",
        "what happens next",
        "what are the possible outcomes",
        "what if im not happy with what they decide",
        "whats the IOPC",
        "how do i contact you",
        "do you have this in easy read",
        "what do you do with my data",
        "ok",
        "thank you",
        "i'd like to speak to someone",
    ],
    [  # unhappy with an outcome, wants a review
        "the force wrote back saying my complaint was not upheld. I don't accept that. what can I do?",
        "how long do i have to ask for a review",
        "who does the review",
        "what happens in a review",
        "can i get a lawyer to help",
        "is it free",
        "what if the review says the same thing",
        "can i go to court",
        "ok",
        "what about my data",
        "who can see what i write here",
        "can i complain about the IOPC too",
        "no",
        "what happens next",
        "how long does a review take",
        "i got the outcome letter and i disagree",
        "thanks",
        "no that's all",
        "bye",
        "actually can i talk to a person",
    ],
    [  # mostly things that are not for us, then a complaint that was never recorded (a person)
        "hi can you help me with something about the police",
        "what should i do",
        "can you book me a table for two at an italian restaurant",
        "sorry. how do i chase my complaint",
        "who do i contact",
        "can i complain about how long its taking",
        "what can i complain about",
        "my neighbour keeps parking on my drive",
        "ok but what about the police not recording my complaint",
        "what are the time limits",
        "do i need a solicitor",
        "how do i make a complaint",
        "what happens next",
        "is this confidential",
        "what is the iopc",
        "are you a robot",
        "ok thanks",
        "no",
        "goodbye",
        "complained to the police 2 months ago. no reply, no reference number, nothing",
    ],
]

# After a script ends (more --messages than lines), people keep asking questions, not for a person.
EXTRA_QUESTIONS = [
    "what are the time limits",
    "how do i make a complaint",
    "what happens next",
    "who can complain",
    "what can i complain about",
    "what are the possible outcomes",
    "how do i ask for a review",
]


def conversation(index: int, messages: int) -> list[str]:
    """Person `index`'s messages: their script, cut or extended to `messages` (a person last)."""
    script = SCRIPTS[index % len(SCRIPTS)]
    if messages <= len(script):
        return script[: messages - 1] + [script[-1]] if messages > 1 else script[:1]
    extra = [EXTRA_QUESTIONS[i % len(EXTRA_QUESTIONS)] for i in range(messages - len(script))]
    return script[:-1] + extra + [script[-1]]


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def parse_levels(raw: str, people: int) -> list[int]:
    """ "1,5,10,20" -> [1, 5, 10, 20], without levels above `people`; ValueError if malformed."""
    levels = sorted({int(x) for x in raw.split(",") if x.strip()})
    if not levels or levels[0] < 1:
        raise ValueError(raw)
    return [level for level in levels if level <= people] or [people]


async def run_level(
    path: str, level: int, make_person: Any, args: argparse.Namespace, deadline: float
) -> dict[str, Any]:
    """`level` people at once, each holding a whole conversation; stops early at the deadline."""
    turns: list[Turn] = []
    unsent = 0
    early: Counter[str] = Counter()  # messages after which the assistant handed over before the script's end
    silent: Counter[str] = Counter()  # messages that got no answer at all within --reply-timeout

    async def one(index: int) -> None:
        nonlocal unsent
        person = make_person()
        script = conversation(index, args.messages)
        try:
            await person.open()
        except Exception as error:  # noqa: BLE001 - a failed session counts against every message it would have sent
            turns.extend(Turn(None, error=f"open: {type(error).__name__}") for _ in script)
            return
        try:
            for n, text in enumerate(script):
                if time.monotonic() > deadline:
                    unsent += len(script) - n
                    return
                turn = await person.turn(text, quiet=args.quiet, reply_timeout=args.reply_timeout)
                turns.append(turn)
                if turn.error in ("no reply", "no SMS sent"):
                    silent[f"{text} (message {n + 1} of {len(script)})"] += 1
                if turn.handed_off and n < len(script) - 1:
                    # Staff own the conversation now: the assistant would not answer the rest.
                    early[text] += 1
                    return
        finally:
            await person.close()

    began = time.monotonic()
    await asyncio.gather(*(one(i) for i in range(level)))
    wall = time.monotonic() - began
    latencies = [t.latency for t in turns if t.latency is not None]
    errors = Counter(t.error for t in turns if t.error)
    return {
        "path": path,
        "concurrency": level,
        "messages": len(turns),
        "answered": len(latencies),
        "unsent_at_cap": unsent,
        "handed_off_early": dict(early),
        "unanswered": dict(silent),
        "wall_s": wall,
        "messages_per_s": len(latencies) / wall if wall else 0.0,
        **summary(latencies),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "late_replies": sum(t.late for t in turns),
        "largest_gap_ms": max((t.largest_gap for t in turns), default=0.0) * 1000,
        "replies_per_turn": sum(t.replies for t in turns) / len(turns) if turns else 0.0,
    }


async def paired(makers: dict[str, Any], args: argparse.Namespace, deadline: float) -> dict[str, Any]:
    """One person at a time on every path, the same message back to back on each (in rotating order),
    so a busy neighbour slows all paths alike: the per-message differences show the gateway's cost."""
    latencies: dict[str, list[float]] = {path: [] for path in args.paths}
    differences: dict[str, list[float]] = {path: [] for path in args.paths if path != "rest"}
    for index in range(args.paired):
        people = {path: makers[path]() for path in args.paths}
        for person in people.values():
            await person.open()
        try:
            for n, text in enumerate(conversation(index, args.messages)):
                if time.monotonic() > deadline:
                    break
                order = args.paths[n % len(args.paths) :] + args.paths[: n % len(args.paths)]
                turns = {
                    path: await people[path].turn(text, quiet=args.quiet, reply_timeout=args.reply_timeout)
                    for path in order
                }
                if any(t.latency is None for t in turns.values()):
                    continue
                for path, t in turns.items():
                    latencies[path].append(t.latency)
                    if path != "rest" and "rest" in turns:
                        differences[path].append(t.latency - turns["rest"].latency)
                if any(t.handed_off for t in turns.values()):
                    break
        finally:
            for person in people.values():
                await person.close()
    return {
        "conversations": args.paired,
        "latency": {path: summary(values) for path, values in latencies.items()},
        "difference_to_rasa": {path: summary(values) for path, values in differences.items()},
    }


async def measure(stack: Any, recorder: TwilioRecorder, recorder_port: int, args: argparse.Namespace) -> dict[str, Any]:
    await recorder.start(recorder_port)
    deadline = time.monotonic() + args.duration_cap
    results: list[dict[str, Any]] = []
    memory_by_level: dict[int, dict[str, Any]] = {}
    connector = aiohttp.TCPConnector(limit=0)
    current: list[float] = []
    try:
        async with aiohttp.ClientSession(connector=connector) as http:
            makers = {
                "web": lambda: WebPerson(http, stack.gateway_url),
                "sms": lambda: SmsPerson(http, stack.settings, recorder, current),
                "rest": lambda: RestPerson(http, stack.rasa_url, stack.settings.database_url),
            }
            # One warm-up turn per path: the first message after start-up loads lazily built parts.
            for path in args.paths:
                person = makers[path]()
                await person.open()
                await person.turn("hello", quiet=args.quiet, reply_timeout=30)
                await person.close()
            overhead = None
            if args.paired and "rest" in args.paths and len(args.paths) > 1:
                say(f"Paired round: {args.paired} conversations, one person, every path back to back")
                overhead = await paired(makers, args, deadline)
            for level in args.levels:
                for path in args.paths:
                    if time.monotonic() > deadline:
                        say(f"duration cap reached: skipping {path} at {level}")
                        continue
                    stack.check_alive()
                    current.clear()
                    cpu_before, own_before = stack.cpu(), own_cpu_seconds()
                    result = await run_level(path, level, makers[path], args, deadline)
                    cpu_after = stack.cpu()
                    result["cpu_s"] = {name: cpu_after[name] - cpu_before[name] for name in cpu_after}
                    result["cpu_s"]["load generator"] = own_cpu_seconds() - own_before
                    # Per message sent: Rasa works on every message, even one the gateway gave up on.
                    sent = max(1, result["messages"])
                    result["cpu_ms_per_message"] = {name: s * 1000 / sent for name, s in result["cpu_s"].items()}
                    if path == "sms":
                        result["webhook_ack"] = summary(current)
                    results.append(result)
                    say(
                        f"{path:4} x{level:<3} p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
                        f"{result['messages_per_s']:.1f} msg/s, {result['errors']} errors"
                    )
                memory_by_level[level] = stack.memory()
    finally:
        await recorder.stop()
    return {"results": results, "memory_by_level": memory_by_level, "paired": overhead}


def report(data: dict[str, Any]) -> None:
    rows = []
    for r in data["results"]:
        errors = f"{r['errors']}" + (
            f" ({', '.join(f'{k} {v}' for k, v in r['error_kinds'].items())})" if r["errors"] else ""
        )
        rows.append(
            [
                r["path"],
                r["concurrency"],
                r["answered"],
                f"{r['p50_ms']:.0f}",
                f"{r['p95_ms']:.0f}",
                f"{r['max_ms']:.0f}",
                f"{r['messages_per_s']:.1f}",
                errors,
                r["late_replies"],
                f"{r['largest_gap_ms']:.0f}",
            ]
        )
    print()
    print(
        table(["path", "people", "answered", "p50 ms", "p95 ms", "max ms", "msg/s", "errors", "late", "gap ms"], rows)
    )
    print(
        "errors: apology = the gateway gave up waiting for Rasa (RASA_TIMEOUT_SECONDS) and apologised; "
        "no reply = nothing within --reply-timeout"
    )
    print(
        "late: replies that came after the quiet period (would mean --quiet is too short); "
        "gap: longest wait between two replies of one turn"
    )
    early = Counter()
    for r in data["results"]:
        early.update({f"{r['path']}: {text}": n for text, n in r.get("handed_off_early", {}).items()})
    if early:
        print("conversations the assistant handed to a person before the script's end (the rest not sent), after:")
        for key, n in early.most_common():
            print(f"  {n} x {key}")
    silent = Counter()
    for r in data["results"]:
        silent.update({f"{r['path']} x{r['concurrency']}: {text}": n for text, n in r.get("unanswered", {}).items()})
    if silent:
        print("messages that got no answer at all:")
        for key, n in silent.most_common():
            print(f"  {n} x {key}")
    print()
    names = list(data["results"][0]["cpu_ms_per_message"]) if data["results"] else []
    rows = [
        [r["path"], r["concurrency"], *(f"{r['cpu_ms_per_message'][n]:.0f}" for n in names)] for r in data["results"]
    ]
    print("CPU time per message sent (ms; steadier than latency on a shared machine):")
    print(table(["path", "people", *names], rows))
    by = {(r["path"], r["concurrency"]): r for r in data["results"]}
    for r in data["results"]:
        if "webhook_ack" in r:
            ack = r["webhook_ack"]
            print(
                f"SMS webhook answered (200 to Twilio) at {r['concurrency']:>2} people: "
                f"p50 {ack['p50_ms']:.0f} ms, p95 {ack['p95_ms']:.0f} ms, max {ack['max_ms']:.0f} ms"
            )
    print()
    if data.get("paired"):
        rasa = data["paired"]["latency"]["rest"]
        for path, d in data["paired"]["difference_to_rasa"].items():
            if d["n"]:
                print(
                    f"gateway overhead, paired ({path} - Rasa, same message back to back, n={d['n']}): "
                    f"median {d['p50_ms']:+.0f} ms = {d['p50_ms'] / rasa['p50_ms'] * 100:+.0f} % of Rasa's "
                    f"p50 {rasa['p50_ms']:.0f} ms ({path} p50 {data['paired']['latency'][path]['p50_ms']:.0f} ms)"
                )
    for level in data["levels"]:
        rest, web = by.get(("rest", level)), by.get(("web", level))
        if rest and web and rest["answered"] and web["answered"]:
            overhead = web["p50_ms"] - rest["p50_ms"]
            print(
                f"gateway overhead at {level:>2} people (web p50 - Rasa p50): {overhead:+.0f} ms "
                f"({overhead / rest['p50_ms'] * 100:+.0f} % of Rasa's p50)"
            )
    print()
    print_memory(data["memory"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=20, help="most people at once (default 20)")
    parser.add_argument("--messages", type=int, default=20, help="messages per conversation (default 20)")
    parser.add_argument(
        "--concurrency-levels",
        default="1,5,10,20",
        help="people at once for each round, comma-separated (default 1,5,10,20; capped at --people)",
    )
    parser.add_argument(
        "--duration-cap",
        type=float,
        default=900,
        help="seconds of measuring after which no new message is sent (default 900)",
    )
    parser.add_argument("--paths", default=",".join(PATHS), help="which ways in (default web,sms,rest)")
    parser.add_argument(
        "--quiet",
        type=float,
        default=0.3,
        help="seconds without a frame that end a turn, and every person's think time (default 0.3)",
    )
    parser.add_argument(
        "--paired",
        type=int,
        default=4,
        help="conversations in the paired round that measures the gateway's overhead (default 4; 0 skips)",
    )
    parser.add_argument(
        "--reply-timeout", type=float, default=20.0, help="seconds to wait for a first reply (default 20)"
    )
    add_private_stack_options(parser)
    parser.add_argument(
        "--rasa-workers",
        type=int,
        default=1,
        help="Rasa processes, the gateway spreading conversations across them (default 1)",
    )
    parser.add_argument(
        "--redis-url",
        default="",
        help="Redis for Rasa's lock store (redis://127.0.0.1:6379/N); use it with --rasa-workers 2+",
    )
    parser.add_argument(
        "--tracker-database-url",
        help="Rasa's tracker store (default: a temporary SQLite file), e.g. postgresql://postgres@127.0.0.1/db",
    )
    parser.add_argument("--json", type=Path, help="where to write the figures (default bench/out/load.json)")
    args = parser.parse_args(argv)
    if args.people < 1 or args.messages < 1 or args.rasa_workers < 1:
        parser.error("--people, --messages and --rasa-workers must be at least 1")
    try:
        args.levels = parse_levels(args.concurrency_levels, args.people)
    except ValueError:
        parser.error("--concurrency-levels takes positive whole numbers, e.g. 1,5,10,20")
    args.paths = [p.strip() for p in args.paths.split(",") if p.strip()]
    if set(args.paths) - set(PATHS):
        parser.error(f"--paths takes {', '.join(PATHS)}")
    # Start-up (Rasa loads its model in about a minute) plus the cap, plus room to stop everything.
    hard_timeout = args.duration_cap + 600

    def run() -> int:
        from bot.supervisor import free_port

        info = machine()
        print_machine(info)
        say(f"levels {args.levels}, {args.messages} messages a conversation, paths {', '.join(args.paths)}")
        recorder = TwilioRecorder()
        recorder_port = free_port()
        overrides = dict(
            twilio_account_sid=TWILIO_SID,
            twilio_auth_token=TWILIO_TOKEN,
            twilio_from_number=TWILIO_FROM,
            twilio_api_base=f"http://127.0.0.1:{recorder_port}",
            rasa_workers=args.rasa_workers,
            redis_url=args.redis_url,
        )
        if args.tracker_database_url:
            overrides["tracker_database_url"] = args.tracker_database_url
        say("Starting a private stack (action server, Rasa, gateway)")
        with private_stack(
            keep=args.keep, settings_overrides=overrides, unpatched_rasa=args.unpatched_rasa, model=args.model
        ) as stack:
            say("Stack up: " + ", ".join(f"{k} {v:.1f} s" for k, v in stack.started.items()))
            measured = asyncio.run(measure(stack, recorder, recorder_port, args))
            memory = stack.memory()
        data = {
            "machine": info,
            "load_average_after": machine()["load_average"],
            "options": {
                "people": args.people,
                "messages": args.messages,
                "quiet_s": args.quiet,
                "unpatched_rasa": args.unpatched_rasa,
                "rasa_workers": args.rasa_workers,
                "redis_lock_store": bool(args.redis_url),
                "tracker": (args.tracker_database_url or "sqlite").split(":", 1)[0],
                "reply_timeout_s": args.reply_timeout,
                "duration_cap_s": args.duration_cap,
            },
            "levels": args.levels,
            "paths": args.paths,
            "results": measured["results"],
            "memory": memory,
            "memory_by_level": measured["memory_by_level"],
            "paired": measured["paired"],
        }
        report(data)
        path = write_json("load.json", data) if args.json is None else _write(args.json, data)
        say(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
        return 0

    return guarded(run, hard_timeout)


def _write(path: Path, data: dict[str, Any]) -> Path:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


if __name__ == "__main__":
    sys.exit(main())
