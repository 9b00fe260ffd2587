"""Sign-in flood benchmark: how quickly a member of the public is answered while staff sign-in is
flooded with wrong passwords.

    .venv/bin/python bench/signin_flood.py                  # 60 guessers from 60 loopback addresses
    .venv/bin/python bench/signin_flood.py --sources 1      # the same 60 guessers from one address

Against a private stack (action server, Rasa, gateway on free loopback ports, temporary SQLite
databases, default sign-in limits). A person chats in the widget over a real websocket, first with
nothing else going on (baseline), then while `--guessers` clients (60) post wrong passwords to
POST /staff/login as fast as they are answered, each under its own username, spread over
`--sources` loopback addresses (127.0.1.x), so neither the per-account waits nor the per-address
block take them out of the fight: what protects the public is the bounded password-check pool
and the limit on all sign-ins together. The goal is chat p95 under 1 s during the flood.

Latency is from sending a message to the last reply of that turn. Prints p50/p95/max for both
phases, what the sign-ins were answered (401 checked and wrong, 429 turned away), the machine
and its load, and the CPU used during the flood by our stack, the flooding client and the busiest
other processes on the machine (these machines are shared). Writes
bench/out/signin_flood.json. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from bench.common import (
    ROOT,
    WebPerson,
    guarded,
    machine,
    print_machine,
    private_stack,
    say,
    summary,
    table,
    write_json,
)

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# Kept simple on purpose: each turn is answered by the assistant, never handed to staff.
TURNS = ("hello", "how long do I have to make a complaint?", "thank you")


def cpu_ticks() -> dict[int, int]:
    """utime + stime of every process now, from /proc (clock ticks)."""
    ticks = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            ticks[int(stat.parent.name)] = int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return ticks


def describe_process(pid: int) -> str:
    """Program and script or module only: the rest of a command line can hold secrets."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in argv if a]
    if len(words) == 1:  # some programs (Chromium) rewrite their command line as one string
        words = words[0].split()
    if not words:
        return "?"
    name = Path(words[0]).name
    rest = words[1:]
    if "-m" in rest and rest.index("-m") + 1 < len(rest):
        return f"{name} -m {rest[rest.index('-m') + 1]}"
    if rest and rest[0] == "-c":
        return f"{name} -c …"
    script = next((w for w in rest if not w.startswith("-")), "")
    return f"{name} {Path(script).name}".strip()


def busiest(
    before: dict[int, int], after: dict[int, int], seconds: float, exclude: set[int], top: int = 8
) -> list[dict[str, Any]]:
    """The processes that used the most CPU between two snapshots (percent of one core), ours left out."""
    per_second = os.sysconf("SC_CLK_TCK") * seconds
    used = sorted(((after[pid] - before.get(pid, 0), pid) for pid in after if pid not in exclude), reverse=True)[:top]
    return [
        {"pid": pid, "cpu_percent": round(100 * ticks / per_second, 1), "command": describe_process(pid)}
        for ticks, pid in used
        if ticks > 0
    ]


def _descendants(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-eo", "pid,ppid", "--no-headers"], capture_output=True, text=True).stdout
    children: dict[int, list[int]] = {}
    for line in out.splitlines():
        child, parent = (int(x) for x in line.split())
        children.setdefault(parent, []).append(child)
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        found.add(current)
        todo += children.get(current, [])
    return found


async def chat(http: aiohttp.ClientSession, gateway_url: str, turns: int) -> tuple[list[float], list[str]]:
    """`turns` chat turns, a fresh person every len(TURNS); latencies and errors."""
    latencies: list[float] = []
    errors: list[str] = []
    person: WebPerson | None = None
    for index in range(turns):
        if index % len(TURNS) == 0:
            if person is not None:
                await person.close()
            person = WebPerson(http, gateway_url)
            await person.open()
            await asyncio.sleep(0.3)
            person.drain()
        assert person is not None
        turn = await person.turn(TURNS[index % len(TURNS)], quiet=0.6, reply_timeout=30)
        if turn.latency is None:
            errors.append(turn.error or "no reply")
        else:
            latencies.append(turn.latency)
    if person is not None:
        await person.close()
    return latencies, errors


async def guesser(gateway_url: str, index: int, source: str, stop: asyncio.Event, statuses: Counter[int]) -> None:
    """One attacker: wrong passwords for its own username, each as soon as the last was answered."""
    connector = aiohttp.TCPConnector(local_addr=(source, 0))
    async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(f"{gateway_url}/staff/login") as page:
            csrf = CSRF.search(await page.text())
        attempt = 0
        while not stop.is_set() and csrf is not None:
            attempt += 1
            form = {
                "username": f"guess.{index}",
                "password": f"wrong password {attempt}",
                "csrf_token": csrf.group(1),
                "next": "/staff/",
            }
            try:
                async with http.post(f"{gateway_url}/staff/login", data=form, allow_redirects=False) as response:
                    statuses[response.status] += 1
                    csrf = CSRF.search(await response.text()) or csrf
            except aiohttp.ClientError:
                statuses[0] += 1


async def flood_until_stdin_closes(args: argparse.Namespace) -> None:
    """The flood process: run the guessers until stdin closes, then print their answers as JSON."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_stdin() -> None:
        if not sys.stdin.buffer.read1(1):  # end of file: the benchmark is done
            loop.remove_reader(sys.stdin.fileno())
            stop.set()

    loop.add_reader(sys.stdin.fileno(), on_stdin)
    statuses: Counter[int] = Counter()
    sources = [f"127.0.1.{1 + i % args.sources}" for i in range(args.guessers)]
    guessers = [asyncio.ensure_future(guesser(args.flood, i, sources[i], stop, statuses)) for i in range(args.guessers)]
    await stop.wait()
    await asyncio.gather(*guessers, return_exceptions=True)
    print(json.dumps({str(k): v for k, v in sorted(statuses.items())}), flush=True)


async def measure(stack: Any, args: argparse.Namespace) -> dict[str, Any]:
    url = stack.gateway_url
    async with aiohttp.ClientSession() as http:
        say("Warming up (first turns load the model's caches)")
        await chat(http, url, len(TURNS))
        say(f"Baseline: {args.turns} chat turns, nothing else running on the gateway")
        baseline, baseline_errors = await chat(http, url, args.turns)

        say(f"Flood: {args.guessers} guessers from {args.sources} address(es), while {args.turns} chat turns run")
        # Its own process, so the attackers' client work never delays reading the person's replies.
        flood = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--flood",
                url,
                "--guessers",
                str(args.guessers),
                "--sources",
                str(args.sources),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            await asyncio.sleep(2.0)  # let the flood reach full strength first
            started, ticks_before = time.monotonic(), cpu_ticks()
            during, during_errors = await chat(http, url, args.turns)
            flood_seconds = time.monotonic() - started
            ticks_after = cpu_ticks()
            ours = set().union(*(_descendants(pid) for pid in stack.pids().values()))
            snapshot = busiest(ticks_before, ticks_after, flood_seconds, ours | {os.getpid(), flood.pid})
            stack_cpu = sum(ticks_after.get(p, 0) - ticks_before.get(p, 0) for p in ours)
            stack_cpu_percent = round(100 * stack_cpu / (os.sysconf("SC_CLK_TCK") * flood_seconds), 1)
            flood_cpu = ticks_after.get(flood.pid, 0) - ticks_before.get(flood.pid, 0)
            flood_cpu_percent = round(100 * flood_cpu / (os.sysconf("SC_CLK_TCK") * flood_seconds), 1)
            # communicate() closes its stdin: the flood's signal to stop and report.
            out, _ = await asyncio.to_thread(flood.communicate, timeout=60)
        finally:
            if flood.poll() is None:
                flood.kill()
                flood.wait()
    return {
        "baseline": summary(baseline),
        "baseline_errors": baseline_errors,
        "flood": summary(during),
        "flood_errors": during_errors,
        "flood_seconds": flood_seconds,
        "sign_in_statuses": json.loads(out.strip().splitlines()[-1]),
        "guessers": args.guessers,
        "sources": args.sources,
        "other_processes_during_flood": snapshot,
        "stack_cpu_percent_during_flood": stack_cpu_percent,
        "flood_client_cpu_percent": flood_cpu_percent,
    }


def report(data: dict[str, Any]) -> None:
    rows = []
    for key, label in (("baseline", "chat turn, nothing else"), ("flood", "chat turn, during the flood")):
        s = data[key]
        rows.append([label, s["n"], f"{s['p50_ms']:.0f}", f"{s['p95_ms']:.0f}", f"{s['max_ms']:.0f}"])
    print()
    print(table(["", "n", "p50 ms", "p95 ms", "max ms"], rows))
    statuses = data["sign_in_statuses"]
    total = sum(statuses.values())
    rate = total / data["flood_seconds"] if data["flood_seconds"] else 0
    print(
        f"sign-ins during {data['flood_seconds']:.0f} s: {total} ({rate:.0f}/s): "
        + ", ".join(f"{v} answered {k}" for k, v in statuses.items())
    )
    for key in ("baseline_errors", "flood_errors"):
        if data[key]:
            print(f"{key.replace('_', ' ')}: " + "; ".join(sorted(set(data[key]))))
    print(
        f"CPU during the flood (% of one core; the machine has {data['machine']['cores']}): our stack "
        f"{data['stack_cpu_percent_during_flood']:.0f}%, the flooding client {data['flood_client_cpu_percent']:.0f}%; "
        "busiest other processes on the machine:"
    )
    for p in data["other_processes_during_flood"]:
        print(f"  {p['cpu_percent']:5.1f}%  {p['command']}")
    print(f"load average before {data['machine']['load_average']}, after {data['load_average_after']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=30, help="chat turns in each phase (default 30)")
    parser.add_argument("--guessers", type=int, default=60, help="concurrent wrong sign-ins (default 60)")
    parser.add_argument("--sources", type=int, default=60, help="loopback addresses they come from (default 60)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary databases and logs")
    parser.add_argument("--model", type=Path, help="this model archive instead of the one for the current data")
    parser.add_argument("--flood", metavar="GATEWAY_URL", help=argparse.SUPPRESS)  # the flood's own process
    args = parser.parse_args(argv)
    if args.flood:
        asyncio.run(flood_until_stdin_closes(args))
        return 0
    if args.turns < 1 or args.guessers < 1 or not 1 <= args.sources <= 250:
        parser.error("--turns and --guessers must be at least 1, --sources between 1 and 250")

    def run() -> int:
        info = machine()
        print_machine(info)
        say("Starting a private stack (action server, Rasa, gateway)")
        with private_stack(keep=args.keep, model=args.model) as stack:
            data = asyncio.run(measure(stack, args))
        data["machine"] = info
        data["load_average_after"] = machine()["load_average"]
        report(data)
        say(f"wrote {write_json('signin_flood.json', data).relative_to(ROOT)}")
        return 0

    return guarded(run, 1200)


if __name__ == "__main__":
    sys.exit(main())
