"""Fixtures for the contact-log tests: keys, a real `python -m bot` runner and Rasa's events table."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Column, Engine, Float, Integer, MetaData, String, Table, Text

from bot.settings import ROOT
from bot.store.crypto import AddressCipher
from bot.supervisor import local_settings


@pytest.fixture
def keys() -> dict[str, str]:
    """Fresh CONTACT_KEY and HASH_KEY values."""
    return {"CONTACT_KEY": Fernet.generate_key().decode(), "HASH_KEY": "test-hash-key-" + os.urandom(8).hex()}


@pytest.fixture
def cipher(keys: dict[str, str]) -> AddressCipher:
    """An AddressCipher with this test's keys."""
    return AddressCipher(keys["CONTACT_KEY"], keys["HASH_KEY"])


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(keys: dict[str, str], tmp_path) -> Callable[..., CliResult]:
    """Run `python -m bot …` in a real subprocess with the given DATABASE_URL and settings."""

    def run(*args: str, database_url: str, **env: str) -> CliResult:
        settings = local_settings(
            tmp_path,
            database_url=database_url,
            # A missing tracker file means "no tracker to clean" unless a test says otherwise.
            tracker_database_url=f"sqlite:///{tmp_path / 'no-tracker.db'}",
            contact_key=keys["CONTACT_KEY"],
            hash_key=keys["HASH_KEY"],
            log_level="WARNING",
        )
        environ = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), **settings.to_env(), **env}
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=ROOT,
            env=environ,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return CliResult(done.returncode, done.stdout, done.stderr)

    return run


RASA_METADATA = MetaData()
# The shape of Rasa 3.6's SQLTrackerStore table (rasa/core/tracker_store.py, SQLEvent).
RASA_EVENTS = Table(
    "events",
    RASA_METADATA,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


@pytest.fixture
def add_tracker_events() -> Iterator[Callable[[Engine, str, int], None]]:
    """add(engine, sender_id, n): create Rasa's events table if needed and insert n events for sender_id."""

    def add(engine: Engine, sender_id: str, count: int) -> None:
        RASA_METADATA.create_all(engine)
        with engine.begin() as connection:
            connection.execute(
                RASA_EVENTS.insert(),
                [
                    {"sender_id": sender_id, "type_name": "user", "timestamp": 1.0 + i, "data": "{}"}
                    for i in range(count)
                ],
            )

    yield add
