"""The real stack for tests: a trained model, the action server and Rasa, on loopback.

Session-scoped: training (only when the data changed) and loading the model are the slow part.
Everything talks over real HTTP to real processes; the contact log is a real, migrated SQLite file
that tests in this process can open too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.model import ensure_trained
from bot.settings import Settings
from bot.store.migrate import upgrade
from bot.supervisor import Service, local_settings, service_env


@dataclass(frozen=True)
class Stack:
    """A running action server and Rasa server, and the settings they were started with."""

    settings: Settings
    rasa_url: str
    action_server_url: str
    log_dir: Path


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Trains the model if needed, then starts the action server and Rasa (on 127.0.0.1 only)."""
    model = ensure_trained(log=lambda _line: None)
    root = tmp_path_factory.mktemp("stack")
    settings = local_settings(root)
    upgrade(settings.database_url)
    service = Service(settings, root / "logs", env=service_env(settings))
    try:
        action_server_url = service.start_action_server()
        rasa_url = service.start_rasa(model)
        yield Stack(settings, rasa_url, action_server_url, service.log_dir)
    finally:
        service.stop()
