"""`python -m bot serve`: the whole service on loopback: action server, Rasa workers, then the gateway.

Each part is a child process with a pid we own. A child that stops unexpectedly is started again
after a back-off (1 s, doubling to 30 s; back to 1 s once it has run for a minute), and the rest keep
running: while Rasa is down the gateway still answers with the apology, the phone number and the staff
queue. Rasa does not stop promptly on SIGTERM, so stopping is: SIGTERM, a grace period, then SIGKILL.

Rasa workers: RASA_WORKERS processes on consecutive ports from RASA_URL's port, sharing the tracker
store. More than one needs REDIS_URL: Rasa's Redis lock store keeps one conversation's turns in order
whichever worker takes them. Without REDIS_URL the default is one worker, as the embedded default has
always been (docs/deployment.md: how sharing a SQLite tracker store was checked).

Gateway replicas: GATEWAY_REPLICAS processes on consecutive ports from GATEWAY_PORT, for a load
balancer to spread people over. More than one needs REDIS_URL too: the event hub, the conversation
locks and the rate limits then live in Redis, so every replica serves every conversation.
"""

from __future__ import annotations

import json
import logging
import math
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

from bot.model import RASA_PYTHON, TrainingFailed, ensure_trained, rasa_env
from bot.settings import ROOT, Settings, SettingsError

APP_PYTHON = ROOT / ".venv" / "bin" / "python"
LOOPBACK = "127.0.0.1"
# Rasa with our serving-time changes (rasa_ext/serve.py); `rasa` itself is this plus no changes.
RASA_COMMAND = [str(RASA_PYTHON), "-m", "rasa_ext.serve"]
# OpenMP threads in each Rasa worker (the multilingual encoder's engine; without this, one per core).
# One is fastest even for a lone worker: measured with bench/load.py on 2 cores, a second thread made each
# turn slower and Rasa's CPU per message 3-4 times larger, its idle threads spinning on the core the
# gateway and action server need; two workers with two each collapsed (docs/benchmarks.md, "Encoder threads").
RASA_OPENMP_THREADS = "1"
# How long a turn may hold its conversation's lock in Rasa's lock store, as a multiple of the gateway's
# RASA_TIMEOUT_SECONDS. The gateway cancels a turn it gave up on (Rasa's server cancels the request), so no
# turn holds the lock much longer than that; a killed worker's lock, though, is never released and blocks its
# conversations until it expires: for Rasa's default of 60 s each of their messages got the apology
# (bench/recovery.py, docs/benchmarks.md "A Rasa worker killed under load").
LOCK_LIFETIME_TIMEOUTS = 3
SECRETS = ("contact_key", "hash_key", "session_secret", "rasa_api_token", "action_server_token")
# Rasa (third-party code) uses none of these: they reach its environment empty.
NOT_FOR_RASA = (
    "CONTACT_KEY",
    "HASH_KEY",
    "SESSION_SECRET",
    "METRICS_TOKEN",
    "TWILIO_AUTH_TOKEN",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_SECRET_TOKEN",
)
FIRST_BACKOFF_SECONDS = 1.0
LONGEST_BACKOFF_SECONDS = 30.0
# A child that ran this long before stopping is treated as healthy: its next back-off starts over.
STABLE_AFTER_SECONDS = 60.0


def say(text: str) -> None:
    """One line of progress for the person who started the service (its only output)."""
    print(f"==> {text}", flush=True)  # noqa: T201 - the supervisor talks to a terminal


class StartupError(RuntimeError):
    """A part of the service did not come up; the message (one line) says which and why."""

    def __init__(self, message: str, log_tail: str = "") -> None:
        super().__init__(message)
        self.log_tail = log_tail  # the end of that part's log, for the person at the terminal


@dataclass
class Child:
    """One process of the service, with its log file; it can be started again with the same command."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    preexec_fn: Callable[[], None] | None = None  # nginx: drop root before it starts
    process: subprocess.Popen = field(init=False)
    started_at: float = 0.0
    restarts: int = 0
    failures_in_a_row: int = 0
    restart_at: float | None = None  # set while a stopped child waits out its back-off

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log_file:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                preexec_fn=self.preexec_fn,
            )
        self.started_at = time.monotonic()
        self.restart_at = None

    def running(self) -> bool:
        return self.process.poll() is None

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def backoff_seconds(failures_in_a_row: int) -> float:
    """1, 2, 4, … seconds, at most LONGEST_BACKOFF_SECONDS."""
    return min(LONGEST_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** max(0, failures_in_a_row - 1))


def _url(port: int) -> str:
    return f"http://{LOOPBACK}:{port}"


def get_json(url: str, timeout: float = 2.0) -> object | None:
    """The JSON a loopback URL answers with, or None if it does not answer (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read() or b"null")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def answers(url: str) -> bool:
    """The loopback URL answers with JSON."""
    return get_json(url) is not None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports on 127.0.0.1 (for Rasa workers)."""
    for _ in range(200):
        first = free_port()
        if first + count > 65535:
            continue
        probes = []
        try:
            for port in range(first, first + count):
                probe = socket.socket()
                probes.append(probe)
                probe.bind((LOOPBACK, port))
            return first
        except OSError:
            continue
        finally:
            for probe in probes:
                probe.close()
    raise RuntimeError(f"no {count} consecutive free ports")


def local_settings(root: Path, rasa_workers: int = 1, gateway_replicas: int = 1, **overrides: object) -> Settings:
    """Settings for a private stack under `root`, the one way tests and benchmarks make them: own
    databases, spool, logs, ports and secrets; nothing from `.env` or this process's environment."""
    values: dict[str, Any] = dict(
        database_url=f"sqlite:///{root / 'contacts.db'}",
        tracker_database_url=f"sqlite:///{root / 'tracker.db'}",
        spool_path=str(root / "spool" / "contact-log.jsonl"),
        rasa_url=_url(free_ports(rasa_workers)),
        rasa_workers=rasa_workers,
        action_server_port=free_port(),
        gateway_port=free_ports(gateway_replicas),
        gateway_replicas=gateway_replicas,
        rasa_api_token=secrets.token_urlsafe(32),
        action_server_token=secrets.token_urlsafe(32),
        contact_key=Fernet.generate_key().decode(),
        hash_key=secrets.token_urlsafe(32),
        session_secret=secrets.token_urlsafe(32),
        metrics_token=secrets.token_urlsafe(32),
        rasa_rest_channel=1,  # tests and benchmarks talk to Rasa's own REST channel too
        log_dir=str(root / "logs"),
    )
    values.update(overrides)
    values.setdefault("public_base_url", _url(values["gateway_port"]))  # where the (first) gateway is
    return Settings(**values)


def rasa_worker_count(settings: Settings) -> int:
    """RASA_WORKERS, or (0) one per core with REDIS_URL and one without; more than one needs REDIS_URL."""
    if not settings.rasa_workers:
        return (os.cpu_count() or 1) if settings.redis_url else 1
    if settings.rasa_workers > 1 and not settings.redis_url:
        raise SettingsError(
            f"RASA_WORKERS={settings.rasa_workers} needs REDIS_URL "
            "(Rasa's Redis lock store keeps each conversation's turns in order)."
        )
    return max(1, settings.rasa_workers)


def gateway_replica_count(settings: Settings) -> int:
    """GATEWAY_REPLICAS (at least 1); more than one needs REDIS_URL."""
    if settings.gateway_replicas > 1 and not settings.redis_url:
        raise SettingsError(
            f"GATEWAY_REPLICAS={settings.gateway_replicas} needs REDIS_URL "
            "(replicas share the event hub, conversation locks and rate limits there)."
        )
    return max(1, settings.gateway_replicas)


def gateway_urls(settings: Settings) -> list[str]:
    """Replica i listens on GATEWAY_PORT + i."""
    return [_url(settings.gateway_port + i) for i in range(gateway_replica_count(settings))]


def rasa_worker_urls(settings: Settings, count: int) -> list[str]:
    """Worker i listens on RASA_URL's port + i."""
    first = urlsplit(settings.rasa_url.split(",")[0].strip())
    return [_url((first.port or 5005) + i) for i in range(count)]


def lock_lifetime_seconds(settings: Settings) -> int:
    """Rasa's TICKET_LOCK_LIFETIME (whole seconds, at least 1): see LOCK_LIFETIME_TIMEOUTS."""
    return max(1, math.ceil(LOCK_LIFETIME_TIMEOUTS * settings.rasa_timeout_seconds))


def endpoints_file(settings: Settings, directory: Path) -> Path:
    """endpoints.yml, plus Rasa's Redis lock store when REDIS_URL is set (written beside the logs)."""
    if not settings.redis_url:
        return ROOT / "endpoints.yml"
    redis = urlsplit(settings.redis_url)
    lines = [
        "",
        "# Added by bot/supervisor.py from REDIS_URL: one conversation's turns never interleave across workers.",
        "lock_store:",
        "  type: redis",
        f"  url: {redis.hostname or LOOPBACK}",
        f"  port: {redis.port or 6379}",
        f"  db: {int((redis.path or '/0').strip('/') or 0)}",
        "  key_prefix: triage",
    ]
    if redis.password:
        lines.append("  password: ${RASA_LOCK_STORE_PASSWORD}")  # from the environment, never in the file
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "endpoints.yml"
    path.write_text((ROOT / "endpoints.yml").read_text() + "\n".join(lines) + "\n")
    return path


def wait_until(check: Callable[[], bool], child: Child, what: str, timeout: float) -> None:
    """Poll `check` until true; fail with the child's log if it exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not child.running():
            raise StartupError(
                f"{what} exited with code {child.process.returncode}; its log: {child.log_path}", child.tail()
            )
        if check():
            return
        time.sleep(0.25)
    raise StartupError(f"{what} did not become ready within {timeout:.0f} s; its log: {child.log_path}", child.tail())


def service_env(settings: Settings, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every child process (ours, the tests' and the benchmarks'): every setting
    from `settings.to_env()`, so a child never reads the checkout's `.env`, and `extra` on top."""
    redis_password = urlsplit(settings.redis_url).password if settings.redis_url else None
    return rasa_env(
        {
            **settings.to_env(),
            "PYTHONUNBUFFERED": "1",
            **({"RASA_LOCK_STORE_PASSWORD": redis_password} if redis_password else {}),
            **(extra or {}),
        }
    )


@dataclass
class Service:
    """The running children, started in order, restarted when they stop, stopped in reverse."""

    settings: Settings
    log_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    children: list[Child] = field(default_factory=list)
    rasa_command: list[str] = field(default_factory=lambda: list(RASA_COMMAND))
    report: Callable[[str], None] = lambda _text: None

    def spawn(
        self,
        name: str,
        argv: list[str],
        env: dict[str, str] | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> Child:
        child = Child(name, argv, dict(env or self.env), self.log_dir / f"{name}.log", preexec_fn)
        child.start()
        self.children.append(child)
        return child

    def start_action_server(self) -> str:
        child = self.spawn("actions", [str(APP_PYTHON), "-m", "actions"])
        url = _url(self.settings.action_server_port)
        wait_until(lambda: get_json(f"{url}/health") == {"status": "ok"}, child, "The action server", 60)
        return url

    def start_rasa(self, model: Path, workers: int = 1) -> str:
        """Start `workers` Rasa processes at once and wait for each; returns their URLs, comma-separated."""
        urls = rasa_worker_urls(self.settings, workers)
        endpoints = endpoints_file(self.settings, self.log_dir)
        env = dict(
            self.env,
            **{name: "" for name in NOT_FOR_RASA},
            OMP_NUM_THREADS=RASA_OPENMP_THREADS,
            TICKET_LOCK_LIFETIME=str(lock_lifetime_seconds(self.settings)),
        )
        started = []
        for number, url in enumerate(urls, 1):
            name = "rasa" if workers == 1 else f"rasa-{number}"
            argv = [
                *self.rasa_command,
                "run",
                "--model",
                str(model),
                "--interface",
                LOOPBACK,
                "--port",
                str(urlsplit(url).port),
                "--enable-api",  # the API token travels in RASA_API_TOKEN (rasa_ext/serve.py)
                "--endpoints",
                str(endpoints),
                "--credentials",
                "credentials.yml",
            ]
            started.append((self.spawn(name, argv, env), url))
        for child, url in started:
            wait_until(partial(rasa_ready, url, self.settings.rasa_api_token), child, f"Rasa ({child.name})", 300)
        return ",".join(urls)

    def start_gateway(self, rasa_urls: str | None = None) -> str:
        """Start the gateway replicas at once and wait for each; returns the first one's URL."""
        urls = gateway_urls(self.settings)
        started = []
        for number, url in enumerate(urls, 1):
            env = dict(self.env, GATEWAY_PORT=str(urlsplit(url).port), **({"RASA_URL": rasa_urls} if rasa_urls else {}))
            name = "gateway" if len(urls) == 1 else f"gateway-{number}"
            started.append((self.spawn(name, [str(APP_PYTHON), "-m", "bot", "serve-gateway"], env), url))
        for child, url in started:
            wait_until(partial(answers, f"{url}/healthz"), child, f"The gateway ({child.name})", 60)
        return urls[0]

    def restart_stopped(self, now: float | None = None) -> None:
        """Start again any child that stopped, once its back-off has passed (call it every second or so)."""
        now = time.monotonic() if now is None else now
        for child in self.children:
            if child.running():
                continue
            if child.restart_at is None:
                if now - child.started_at >= STABLE_AFTER_SECONDS:
                    child.failures_in_a_row = 0
                child.failures_in_a_row += 1
                delay = backoff_seconds(child.failures_in_a_row)
                child.restart_at = now + delay
                self.report(
                    f"{child.name} stopped unexpectedly (exit code {child.process.returncode}); "
                    f"starting it again in {delay:.0f} s. Its log: {child.log_path}"
                )
            elif now >= child.restart_at:
                child.restarts += 1
                child.start()
                self.report(f"{child.name} started again (restart {child.restarts})")

    def stop(self, grace_seconds: float = 10.0) -> None:
        for child in reversed(self.children):
            if child.running():
                child.process.terminate()
        deadline = time.monotonic() + grace_seconds
        for child in reversed(self.children):
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
        self.children.clear()


def rasa_ready(url: str, token: str) -> bool:
    """Rasa answers /status with its model loaded."""
    body = get_json(f"{url}/status?token={token}")
    return isinstance(body, dict) and bool(body.get("model_file"))


# Starts something in front of the gateway replicas (the production shape's nginx) as a child of the
# service, given their URLs; returns the URL people open instead of the first replica's.
FrontStarter = Callable[["Service", list[str]], str]


def serve(settings: Settings, front: FrontStarter | None = None) -> int:
    """Start every part, then keep them running until Ctrl+C or SIGTERM; 0 when stopped."""
    settings.require_strong(*SECRETS, *(["metrics_token"] if settings.metrics_token else []))
    workers = rasa_worker_count(settings)
    replicas = gateway_replica_count(settings)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line of ours says it all
    from bot.store.migrate import upgrade

    say("Updating the contact-log database")
    upgrade(settings.database_url)
    try:
        model = ensure_trained(log=print, log_file=Path(settings.log_dir) / "train.log")
    except TrainingFailed as error:
        raise StartupError(str(error)) from None
    service = Service(settings, Path(settings.log_dir), env=service_env(settings), report=say)

    def stop_on_signal(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        say("Starting the action server")
        service.start_action_server()
        say(f"Starting Rasa ({workers} worker{'s' if workers > 1 else ''}; loading the model takes a little while)")
        rasa_urls = service.start_rasa(model, workers)
        say(f"Starting the gateway ({replicas} replica{'s' if replicas > 1 else ''})")
        gateway = service.start_gateway(rasa_urls)
        if front is not None:
            gateway = front(service, gateway_urls(settings)).rstrip("/")
        elif replicas > 1:
            say(f"Gateway replicas on {', '.join(gateway_urls(settings))}: put a load balancer in front of them")
        say(f"Ready: open {gateway}/ for the chat, {gateway}/staff for the staff console. Ctrl+C stops.")
        say(f"Logs are in {service.log_dir}/")
        while True:
            service.restart_stopped()
            time.sleep(0.5)
    except StartupError as error:
        if error.log_tail:
            print(error.log_tail, flush=True)  # noqa: T201 - for the person at the terminal
        raise
    except KeyboardInterrupt:
        say("Stopping")
        return 0
    finally:
        service.stop()
