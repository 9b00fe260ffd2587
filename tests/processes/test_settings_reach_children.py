"""Settings are read once and handed down whole: a child process started by the service, a test or a
benchmark gets every setting from `Settings.to_env()` and never reads the checkout's `.env`."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

from bot.settings import ENV_FILE, ROOT, Settings, load_settings
from bot.supervisor import local_settings, service_env

# What a developer might have in their `.env`: every value odd, so any that leaks in shows.
ODD_ENV = """\
DATABASE_URL=sqlite:////nonexistent/odd/contacts.db
TRACKER_DATABASE_URL=sqlite:////nonexistent/odd/tracker.db
SPOOL_PATH=/nonexistent/odd/spool.jsonl
LOG_DIR=/nonexistent/odd/logs
LOG_LEVEL=DEBUG
LOG_FORMAT=json
TELEGRAM_BOT_TOKEN=123:odd
TWILIO_ACCOUNT_SID=ACodd
STAFF_HOURS=always
RETENTION_DAYS=1
"""
# Prints the settings the child process sees.
SHOW_SETTINGS = "import dataclasses, json; from bot.settings import load_settings; print(json.dumps(dataclasses.asdict(load_settings())))"


def test_every_setting_survives_the_trip_through_the_environment(tmp_path: Path) -> None:
    settings = dataclasses.replace(local_settings(tmp_path), telegram_bot_token="", rasa_timeout_seconds=2.5)
    env = settings.to_env()
    assert env[ENV_FILE] == ""
    assert set(env) == {f.metadata["env"] for f in dataclasses.fields(Settings)} | {ENV_FILE}
    assert load_settings(environ=env) == settings


def checkout_with_env_file(tmp_path: Path) -> Path:
    """A checkout of our own with an odd `.env` in it: `bot/` copied (its ROOT is where it lies),
    everything else linked, so the developer's real checkout is never touched."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    shutil.copytree(ROOT / "bot", checkout / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    for entry in ROOT.iterdir():
        if entry.name not in ("bot", ".env", ".git", "var", "models"):
            (checkout / entry.name).symlink_to(entry)
    (checkout / ".env").write_text(ODD_ENV)
    return checkout


def test_a_developers_env_file_does_not_reach_a_child_the_tests_start(tmp_path: Path) -> None:
    checkout = checkout_with_env_file(tmp_path)
    settings = local_settings(tmp_path / "stack")
    env = service_env(settings)

    # Without the settings from to_env(), the child would read that .env: the check can see a leak.
    leaky = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=checkout,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(leaky.stdout)["spool_path"] == "/nonexistent/odd/spool.jsonl", leaky.stderr

    shown = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS], cwd=checkout, env=env, capture_output=True, text=True, timeout=60
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == dataclasses.asdict(settings)
    assert "odd" not in shown.stdout

    # And a real command, from that checkout, migrates the test's database, not the .env's.
    (tmp_path / "stack").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"database at {settings.database_url} is up to date"
    assert "odd" not in done.stdout + done.stderr
