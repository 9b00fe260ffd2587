"""Secrets and files: `.env` is private and whole from the start, served processes refuse short
secrets with one clear line, and what the service creates (databases, logs) is for its owner only."""

from __future__ import annotations

import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.envfile import SECRETS, ensure_env_file
from bot.settings import ROOT, SECRET_MIN_BYTES, load_settings
from bot.supervisor import SECRETS as SERVED_SECRETS
from bot.supervisor import local_settings, service_env

SHORT = "x" * (SECRET_MIN_BYTES - 1)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_env_file_is_created_private_with_every_secret_long_enough(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    assert ensure_env_file(env_file) is True
    assert mode(env_file) == 0o600
    settings = load_settings(environ={}, env_file=env_file)
    settings.require_strong(*SERVED_SECRETS, "telegram_secret_token", "metrics_token")
    assert list(tmp_path.iterdir()) == [env_file]  # no temporary file left behind

    before = env_file.read_text()
    assert ensure_env_file(env_file) is False
    assert env_file.read_text() == before


def test_two_processes_writing_env_at_once_leave_one_whole_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    results: list[bool] = []
    start = threading.Barrier(8)

    def write() -> None:
        start.wait()
        results.append(ensure_env_file(env_file))

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    values = load_settings(environ={}, env_file=env_file)
    values.require_strong(*SERVED_SECRETS)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]


def test_an_older_env_file_gets_the_secrets_it_lacks_and_keeps_the_rest(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    kept = "HASH_KEY=" + "h" * 40 + "\nLOG_LEVEL=DEBUG\n"
    env_file.write_text(kept)
    env_file.chmod(0o644)
    assert ensure_env_file(env_file) is True
    assert mode(env_file) == 0o600
    text = env_file.read_text()
    assert text.startswith(kept)
    values = load_settings(environ={}, env_file=env_file)
    assert values.hash_key == "h" * 40 and values.log_level == "DEBUG"
    values.require_strong(*SERVED_SECRETS)
    assert set(SECRETS) <= {line.split("=", 1)[0] for line in text.splitlines() if "=" in line}


def run(argv: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def served_env(tmp_path: Path, **changes: str) -> dict[str, str]:
    # Port 1 is never reached: each process refuses to start first.
    return service_env(local_settings(tmp_path, gateway_port=1, action_server_port=1), changes)


@pytest.mark.parametrize(
    ("argv", "setting"),
    [
        (["-m", "bot", "serve-gateway"], "SESSION_SECRET"),
        (["-m", "bot", "serve-gateway"], "HASH_KEY"),
        (["-m", "actions"], "ACTION_SERVER_TOKEN"),
        (["-m", "bot", "serve-gateway"], "METRICS_TOKEN"),
        (["-m", "actions"], "METRICS_TOKEN"),
        (["-m", "bot", "serve"], "METRICS_TOKEN"),
        (["-m", "bot", "serve"], "RASA_API_TOKEN"),
    ],
)
def test_served_processes_refuse_a_short_secret_with_one_line(tmp_path: Path, argv: list[str], setting: str) -> None:
    done = run([sys.executable, *argv], served_env(tmp_path, **{setting: SHORT}))
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {setting} is too short ({len(SHORT)} bytes; at least {SECRET_MIN_BYTES})")
    assert SHORT not in done.stderr + done.stdout


def test_databases_the_service_creates_are_private(tmp_path: Path) -> None:
    env = served_env(tmp_path)
    database = tmp_path / "contacts.db"
    done = run([sys.executable, "-m", "bot", "db", "upgrade"], env)
    assert done.returncode == 0, done.stderr
    assert mode(database) == 0o600
