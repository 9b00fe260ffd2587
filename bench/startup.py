"""Start-up benchmark: training time from scratch, and time from start to the first answer.

    .venv/bin/python bench/startup.py                  # both
    .venv/bin/python bench/startup.py --skip-training  # only start to first answer
    .venv/bin/python bench/startup.py --starts 3       # start the stack three times

Training: `rasa train --force --domain domain --out <temp dir>` with RASA_CACHE_DIRECTORY set to an
empty temporary directory, so nothing is reused and models/ is untouched. Timed from launch to exit;
the peak resident memory of the training process is reported too.

Start to first answer: with a model already trained, start the action server, Rasa and the gateway
fresh (as `python -m bot serve` does: database migration, then each part in turn, each waited for
until it answers) on free loopback ports with temporary databases, then open the widget (session
+ websocket) and send "hello". Timed from the start to the last message of the assistant's first
reply. Prints seconds per phase; writes bench/out/startup.json. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
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
    table,
    write_json,
)


def train_from_scratch(keep: bool) -> dict[str, Any]:
    """`rasa train` into a temporary directory with an empty cache; seconds and peak memory."""
    from bot.model import DOMAIN, RASA, rasa_env

    work = Path(tempfile.mkdtemp(prefix="bench-train-"))
    env = rasa_env({"RASA_CACHE_DIRECTORY": str(work / "cache")})
    log = work / "train.log"
    began = time.monotonic()
    process = None
    try:
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    str(RASA),
                    "train",
                    "--force",
                    "--domain",
                    DOMAIN,
                    "--out",
                    str(work / "models"),
                    "--fixed-model-name",
                    "bench",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            code = process.wait()
        seconds = time.monotonic() - began
        if code != 0:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
            raise RuntimeError(f"rasa train exited with {code}:\n{tail}")
        model = work / "models" / "bench.tar.gz"
        return {
            "seconds": seconds,
            "components": component_seconds(log.read_text(errors="replace")),
            # Largest resident set of any child this script has waited for: only this one so far.
            "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "model_mb": model.stat().st_size / 1024 / 1024 if model.exists() else None,
        }
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


_HOOK = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) .*rasa\.engine\.training\.hooks\s+- (Starting to train|Finished training) "
    r"component '([^']+)'"
)


def component_seconds(log: str) -> dict[str, float]:
    """Seconds per trained graph component, from Rasa's own training log (whole-second stamps)."""
    started: dict[str, dt.datetime] = {}
    seconds: dict[str, float] = {}
    for line in log.splitlines():
        match = _HOOK.match(line)
        if not match:
            continue
        stamp, what, name = dt.datetime.fromisoformat(match.group(1)), match.group(2), match.group(3)
        if what.startswith("Starting"):
            started[name] = stamp
        elif name in started:
            seconds[name] = seconds.get(name, 0.0) + (stamp - started.pop(name)).total_seconds()
    return dict(sorted(seconds.items(), key=lambda item: -item[1]))


async def first_answer(gateway_url: str) -> tuple[float, float]:
    """(seconds to open the widget session and socket, seconds to the whole first reply)."""
    async with aiohttp.ClientSession() as http:
        person = WebPerson(http, gateway_url)
        began = time.monotonic()
        await person.open()
        opened = time.monotonic() - began
        try:
            turn = await person.turn("hello", quiet=0.3, reply_timeout=60)
        finally:
            await person.close()
    if turn.latency is None:
        raise RuntimeError(f"no first answer: {turn.error}")
    return opened, turn.latency


def one_start(keep: bool, unpatched_rasa: bool, model: Path) -> dict[str, Any]:
    began = time.monotonic()
    with private_stack(keep=keep, unpatched_rasa=unpatched_rasa, model=model) as stack:
        up = time.monotonic() - began
        opened, answered = asyncio.run(first_answer(stack.gateway_url))
        total = time.monotonic() - began
        phases = dict(stack.started)
    return {"phases": phases, "stack_up": up, "open_widget": opened, "first_reply": answered, "total": total}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-training", action="store_true", help="do not measure training")
    parser.add_argument("--skip-start", action="store_true", help="do not measure start to first answer")
    parser.add_argument("--starts", type=int, default=1, help="how many fresh starts to time (default 1)")
    parser.add_argument(
        "--model", type=Path, help="start with this model archive (default: the one for the current training data)"
    )
    parser.add_argument(
        "--unpatched-rasa",
        action="store_true",
        help="start Rasa without rasa_ext/action_validation.py (as Rasa ships), to measure that change",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    args = parser.parse_args(argv)
    if not 1 <= args.starts <= 10:
        parser.error("--starts must be 1 to 10")
    # Training took about 1–3 minutes here and each start about a minute; leave room for a busy machine.
    hard_timeout = (0 if args.skip_training else 900) + (0 if args.skip_start else 300 * args.starts) + 60

    def run() -> int:
        from bot.model import ensure_trained

        info = machine()
        print_machine(info)
        data: dict[str, Any] = {"machine": info, "unpatched_rasa": args.unpatched_rasa}
        if not args.skip_training:
            say("Training from scratch (empty cache, temporary output directory)")
            data["training"] = train_from_scratch(args.keep)
            t = data["training"]
            say(f"trained in {t['seconds']:.1f} s (peak memory {t['peak_mb']:.0f} MB)")
        if not args.skip_start:
            model = args.model or ensure_trained(log=lambda line: say(line.removeprefix("==> ")))  # not timed
            data["starts"] = []
            for n in range(args.starts):
                say(f"Start {n + 1} of {args.starts}: action server, Rasa, gateway, then 'hello' in the widget")
                data["starts"].append(one_start(args.keep, args.unpatched_rasa, model))
                s = data["starts"][-1]
                say(f"first answer {s['total']:.1f} s after the start")
        data["load_average_after"] = machine()["load_average"]
        print()
        if "training" in data:
            t = data["training"]
            print(
                f"training from scratch: {t['seconds']:.1f} s, peak memory {t['peak_mb']:.0f} MB, "
                f"model {t['model_mb']:.1f} MB"
            )
            slowest = list(t["components"].items())[:5]
            if slowest:
                print(
                    "  slowest components: "
                    + ", ".join(f"{name} {sec:.0f} s" for name, sec in slowest)
                    + f"; everything else (reading data, validation, packing) "
                    f"{t['seconds'] - sum(t['components'].values()):.0f} s"
                )
        if data.get("starts"):
            rows = []
            for n, s in enumerate(data["starts"], 1):
                p = s["phases"]
                rows.append(
                    [
                        n,
                        f"{p.get('migrate', 0):.1f}",
                        f"{p['actions']:.1f}",
                        f"{p['rasa']:.1f}",
                        f"{p['gateway']:.1f}",
                        f"{s['open_widget']:.2f}",
                        f"{s['first_reply']:.2f}",
                        f"{s['total']:.1f}",
                    ]
                )
            print(
                table(
                    ["start", "migrate s", "actions s", "rasa s", "gateway s", "widget s", "reply s", "total s"], rows
                )
            )
        say(f"wrote {write_json('startup.json', data).relative_to(ROOT)}")
        return 0

    return guarded(run, hard_timeout)


if __name__ == "__main__":
    sys.exit(main())
