"""How many Rasa workers and gateway replicas `serve` runs, and which worker each conversation goes to."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest

from bot.rasa_client import preference, worker_urls
from bot.settings import ROOT, Settings, SettingsError
from bot.supervisor import gateway_replica_count, gateway_urls, local_settings, rasa_worker_count, rasa_worker_urls

URLS = ["http://127.0.0.1:5005", "http://127.0.0.1:5006", "http://127.0.0.1:5007"]


def test_the_embedded_default_is_one_worker_and_more_need_redis() -> None:
    assert rasa_worker_count(Settings()) == 1
    assert rasa_worker_count(Settings(rasa_workers=3, redis_url="redis://127.0.0.1:6379/0")) == 3
    assert rasa_worker_count(Settings(redis_url="redis://127.0.0.1:6379/0")) >= 1  # one per core
    with pytest.raises(SettingsError, match="RASA_WORKERS=2 needs REDIS_URL"):
        rasa_worker_count(Settings(rasa_workers=2))


def test_serve_refuses_several_workers_without_redis_in_one_line(tmp_path: Path) -> None:
    env = {**local_settings(tmp_path, rasa_workers=2).to_env(), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: RASA_WORKERS=2 needs REDIS_URL (Rasa's Redis lock store keeps each conversation's turns in order)."
    ]


def test_one_gateway_by_default_and_replicas_need_redis_and_listen_on_ports_from_gateway_port(tmp_path: Path) -> None:
    assert gateway_replica_count(Settings()) == 1
    replicas = Settings(gateway_replicas=3, gateway_port=8080, redis_url="redis://127.0.0.1:6379/0")
    assert gateway_urls(replicas) == ["http://127.0.0.1:8080", "http://127.0.0.1:8081", "http://127.0.0.1:8082"]
    env = {**local_settings(tmp_path, gateway_replicas=2).to_env(), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: GATEWAY_REPLICAS=2 needs REDIS_URL (replicas share the event hub, conversation locks and rate limits there)."
    ]


def test_workers_listen_on_ports_from_rasa_url() -> None:
    settings = Settings(rasa_url="http://127.0.0.1:5005")
    assert rasa_worker_urls(settings, 3) == URLS
    assert worker_urls(",".join(URLS) + ",") == URLS


def test_each_conversation_keeps_its_worker_and_conversations_spread() -> None:
    senders = [str(uuid.uuid4()) for _ in range(600)]
    first = {sender: preference(sender, URLS)[0] for sender in senders}
    assert all(preference(sender, URLS)[0] == first[sender] for sender in senders)  # stable
    assert min(Counter(first.values()).values()) > 100  # every worker gets a fair share
    # Losing a worker moves only its own conversations, each to its next choice.
    for sender in senders:
        if first[sender] != URLS[0]:
            assert preference(sender, URLS[1:])[0] == first[sender]
