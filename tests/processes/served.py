"""The real supervisor (`python -m bot serve`) on private ports and databases (a person in the
widget is tests/chat_client.py).

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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
        with urllib.request.urlopen(url, timeout=timeout) as response:
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
    served = start_served(root, **overrides)
    try:
        yield served
    finally:
        served.stop()
