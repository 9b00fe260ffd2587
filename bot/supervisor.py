"""`python -m bot serve`: the whole service on loopback: action server, Rasa, then the gateway.

Each part is a child process with a pid we own. Rasa does not stop promptly on SIGTERM, so
stopping is: SIGTERM, a grace period, then SIGKILL.
"""

from __future__ import annotations

import argparse
import json
import logging
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from cryptography.fernet import Fernet

from bot.model import RASA, ensure_trained, rasa_env
from bot.settings import ROOT, Settings

APP_PYTHON = ROOT / ".venv" / "bin" / "python"
LOOPBACK = "127.0.0.1"


class StartupError(RuntimeError):
    """A part of the service did not come up; the message says which and why."""


@dataclass
class Child:
    """One process of the service, with its log file."""

    name: str
    process: subprocess.Popen
    log_path: Path

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _url(port: int) -> str:
    return f"http://{LOOPBACK}:{port}"


def _get_json(url: str, timeout: float = 2.0) -> Optional[object]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return json.loads(response.read() or b"null")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def local_settings(root: Path, **overrides: object) -> Settings:
    """Settings for a private stack under `root` (tests, benchmarks): own databases, ports and secrets."""
    values: dict[str, object] = dict(
        database_url=f"sqlite:///{root / 'contacts.db'}",
        tracker_database_url=f"sqlite:///{root / 'tracker.db'}",
        rasa_url=f"http://{LOOPBACK}:{free_port()}",
        action_server_port=free_port(),
        gateway_port=free_port(),
        rasa_api_token=secrets.token_urlsafe(16),
        contact_key=Fernet.generate_key().decode(),
        hash_key=secrets.token_urlsafe(16),
        session_secret=secrets.token_urlsafe(16),
    )
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def wait_until(check: Callable[[], bool], child: Child, what: str, timeout: float) -> None:
    """Poll `check` until true; fail with the child's log if it exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.process.poll() is not None:
            raise StartupError(f"{what} exited with code {child.process.returncode}:\n{child.tail()}")
        if check():
            return
        time.sleep(0.25)
    raise StartupError(f"{what} did not become ready within {timeout:.0f} s:\n{child.tail()}")


def service_env(settings: Settings, extra: Optional[dict[str, str]] = None) -> dict[str, str]:
    """Environment shared by every child: the settings that matter across processes."""
    return rasa_env(
        {
            "DATABASE_URL": settings.database_url,
            "TRACKER_DATABASE_URL": settings.tracker_database_url,
            "ACTION_SERVER_PORT": str(settings.action_server_port),
            "RASA_URL": settings.rasa_url,
            "RASA_API_TOKEN": settings.rasa_api_token,
            **(extra or {}),
        }
    )


@dataclass
class Service:
    """The running children, started in order and stopped in reverse."""

    settings: Settings
    log_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    children: list[Child] = field(default_factory=list)

    def _spawn(self, name: str, argv: list[str]) -> Child:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        log_file = open(log_path, "ab")  # noqa: SIM115 - owned by the child for its lifetime
        process = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=log_file, stderr=subprocess.STDOUT)
        child = Child(name, process, log_path)
        self.children.append(child)
        return child

    def start_action_server(self) -> str:
        child = self._spawn("actions", [str(APP_PYTHON), "-m", "actions"])
        url = _url(self.settings.action_server_port)
        wait_until(lambda: _get_json(f"{url}/health") == {"status": "ok"}, child, "The action server", 60)
        return url

    def start_rasa(self, model: Path) -> str:
        port = int(self.settings.rasa_url.rsplit(":", 1)[1].split("/")[0])
        child = self._spawn(
            "rasa",
            [
                str(RASA), "run", "--model", str(model), "--interface", LOOPBACK, "--port", str(port),
                "--enable-api", f"--auth-token={self.settings.rasa_api_token}",  # a token may start with "-"
                "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
            ],
        )
        url = _url(port)
        status = f"{url}/status?token={self.settings.rasa_api_token}"

        def model_loaded() -> bool:
            body = _get_json(status)
            return isinstance(body, dict) and bool(body.get("model_file"))

        wait_until(model_loaded, child, "Rasa", 300)
        return url

    def start_gateway(self) -> str:
        child = self._spawn("gateway", [str(APP_PYTHON), "-m", "bot", "serve-gateway"])
        url = _url(self.settings.gateway_port)
        wait_until(lambda: _get_json(f"{url}/healthz") is not None, child, "The gateway", 60)
        return url

    def stop(self, grace_seconds: float = 10.0) -> None:
        for child in reversed(self.children):
            if child.process.poll() is None:
                child.process.terminate()
        deadline = time.monotonic() + grace_seconds
        for child in reversed(self.children):
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
        self.children.clear()


def serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store.migrate import upgrade

    settings.require("contact_key", "hash_key", "session_secret", "rasa_api_token")
    say = lambda text: print(f"==> {text}", flush=True)  # noqa: E731
    say("Updating the contact-log database")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line of ours says it all
    upgrade(settings.database_url)
    model = ensure_trained(log=print)
    service = Service(settings, ROOT / "var" / "log", env=service_env(settings))

    def stop_on_signal(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        say("Starting the action server")
        service.start_action_server()
        say("Starting Rasa (loading the model takes a little while)")
        service.start_rasa(model)
        say("Starting the gateway")
        gateway = service.start_gateway()
        say(f"Ready: open {gateway}/ for the chat, {gateway}/staff for the staff console. Ctrl+C stops.")
        say(f"Logs are in {service.log_dir.relative_to(ROOT)}/")
        while all(child.process.poll() is None for child in service.children):
            time.sleep(1)
        failed = next(child for child in service.children if child.process.poll() is not None)
        print(f"error: {failed.name} stopped unexpectedly:\n{failed.tail()}", file=sys.stderr)
        return 1
    except StartupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        say("Stopping")
        return 0
    finally:
        service.stop()


def train(args: argparse.Namespace, settings: Settings) -> int:
    ensure_trained(log=print)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="Run the whole service on loopback (action server, Rasa, gateway).")
    parser.set_defaults(handler=serve)
    parser = subparsers.add_parser("train", help="Train the Rasa model if the training data changed.")
    parser.set_defaults(handler=train)
