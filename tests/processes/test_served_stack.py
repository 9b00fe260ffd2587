"""The service as `python -m bot serve` runs it: Rasa's own surface is closed, secrets stay off
command lines, what it creates is private, and a killed Rasa is started again while the gateway keeps
answering people."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sqlite3
import stat
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from chat_client import ChatClient, one_turn
from metrics_text import Samples, parse, scrape, value

from bot.routing import canned
from bot.supervisor import NOT_FOR_RASA, rasa_ready

from .served import Served, command_line, get_json, process_tree, started

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from started(tmp_path_factory.mktemp("served"))


async def test_rasa_serves_only_the_gateways_channel(served: Served) -> None:
    rasa = served.rasa_urls()[0]
    body = {"sender": str(uuid.uuid4()), "message": "hello"}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{rasa}/webhooks/rest/webhook", json=body) as response:
            assert response.status == 404
        async with http.post(f"{rasa}/webhooks/triage/webhook", json=body) as response:
            assert response.status == 200
            assert await response.json()


def test_no_secret_is_on_any_command_line(served: Served) -> None:
    settings = served.settings
    secrets = [
        settings.rasa_api_token,
        settings.action_server_token,
        settings.session_secret,
        settings.hash_key,
        settings.contact_key,
    ]
    pids = process_tree(served.process.pid)
    lines = [command_line(pid) for pid in pids]
    assert any("rasa_ext.serve" in line for line in lines) and any("actions" in line for line in lines)
    for line in lines:
        for secret in secrets:
            assert secret not in line
    # Rasa got its API token all the same: from the environment.
    rasa = served.rasa_urls()[0]
    assert get_json(f"{rasa}/status?token={settings.rasa_api_token}")[0] == 200
    assert get_json(f"{rasa}/status")[0] == 401
    assert get_json(f"{rasa}/status?token=wrong-{settings.rasa_api_token}")[0] == 401


def environment_of(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace").split("\0")
    return dict(pair.split("=", 1) for pair in pairs if "=" in pair)


def test_each_child_has_every_setting_in_its_environment_and_rasa_no_secret_it_does_not_use(served: Served) -> None:
    given = served.settings.to_env()
    for marker in ("-m actions", "serve-gateway"):
        (pid,) = served.pids(marker)
        environment = environment_of(pid)
        assert {name: environment.get(name) for name in given} == given, marker  # ENV_FILE empty: no .env
    (rasa,) = served.pids("rasa_ext.serve")
    environment = environment_of(rasa)
    assert environment["ENV_FILE"] == "" and environment["RASA_API_TOKEN"] == served.settings.rasa_api_token
    assert all(environment[name] == "" for name in NOT_FOR_RASA)
    assert served.settings.contact_key not in Path(f"/proc/{rasa}/environ").read_bytes().decode(errors="replace")


async def test_the_action_server_requires_the_shared_secret(served: Served) -> None:
    url = f"http://127.0.0.1:{served.settings.action_server_port}"
    call = {"next_action": "action_listen", "sender_id": str(uuid.uuid4()), "tracker": {}, "domain": {}}
    token = served.settings.action_server_token
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{url}/webhook", json=call) as response:
            assert response.status == 403
        async with http.post(f"{url}/webhook", json=call, headers={"X-Action-Token": "x" + token}) as response:
            assert response.status == 403
        other_format = {**call, "sender_id": f"no-loops-{uuid.uuid4()}"}
        async with http.post(f"{url}/webhook", json=other_format, headers={"X-Action-Token": token}) as response:
            assert response.status == 422  # conversation ids have one format (bot/conversation_ids.py)
        async with http.get(f"{url}/actions") as response:
            assert response.status == 403
        async with http.get(f"{url}/actions", headers={"X-Action-Token": token}) as response:
            assert response.status == 200
            custom_actions = {action["name"] for action in await response.json()}
        async with http.get(f"{url}/health") as response:
            assert response.status == 200
    # Rasa sends the secret: a first message that runs custom actions gets its route set by them.
    sender = str(uuid.uuid4())
    rasa = served.rasa_urls()[0]
    text = "I would like to complain about the way an officer spoke to my mum at the station"
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{rasa}/webhooks/triage/webhook", json={"sender": sender, "message": text}) as response:
            assert response.status == 200
        tracker_url = f"{rasa}/conversations/{sender}/tracker"
        async with http.get(tracker_url, params={"token": served.settings.rasa_api_token}) as response:
            tracker = await response.json()
    ran = {e["name"] for e in tracker["events"] if e["event"] == "action"} & custom_actions
    assert ran, "no custom action ran"
    assert tracker["slots"]["triage_outcome"] == "complain_to_force"


def test_what_the_service_creates_is_for_its_owner_only(served: Served) -> None:
    log_dir = Path(served.settings.log_dir)
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700
    logs = list(log_dir.glob("*.log"))
    assert {"actions.log", "rasa.log", "gateway.log"} <= {p.name for p in logs}
    for path in logs:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    tracker = Path(served.settings.tracker_database_url.removeprefix("sqlite:///"))
    assert stat.S_IMODE(tracker.stat().st_mode) == 0o600


def _new_lines(path: Path, offset: int) -> str:
    with path.open(encoding="utf-8", errors="replace") as log_file:
        log_file.seek(offset)
        return log_file.read()


async def test_metrics_and_one_request_id_follow_a_turn_through_every_process(served: Served) -> None:
    """A real widget turn moves the gateway's and the action server's counters under the right labels;
    its request id is in the gateway's, Rasa's and the action server's logs; what the person wrote is in
    no metric and no log line; and neither /metrics answers without METRICS_TOKEN."""
    settings = served.settings
    urls = [f"{served.gateway_url}/metrics", f"http://127.0.0.1:{settings.action_server_port}/metrics"]
    logs = {name: Path(settings.log_dir) / name for name in ("gateway.log", "rasa.log", "actions.log")}
    offsets = {name: path.stat().st_size for name, path in logs.items()}
    before = set(contact_ids(served))
    marker = "Quokka-Marker-7731"
    async with aiohttp.ClientSession() as http:
        for url in urls:
            for headers in (
                {},
                {"Authorization": f"Bearer x{settings.metrics_token}"},
                {"X-Action-Token": settings.action_server_token},
            ):
                async with http.get(url, headers=headers) as response:
                    assert response.status == 401, (url, headers)
                    assert "triage_" not in await response.text()
        gateway_before, actions_before = [parse(await scrape(http, url, settings.metrics_token)) for url in urls]
        replies = await one_turn(
            http,
            served.gateway_url,
            f"I would like to complain about the way an officer spoke to my mum {marker} call me on +447700900731",
        )
        assert replies and all(r["author"] == "bot" for r in replies)
        scraped = [await scrape(http, url, settings.metrics_token) for url in urls]
    gateway_after, actions_after = [parse(text) for text in scraped]

    (contact,) = set(contact_ids(served)) - before
    database = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        (route,) = db.execute("SELECT triage_outcome FROM contacts WHERE id = ?", (contact,)).fetchone()
    assert route is not None, "custom actions set the route"

    def moved(before: Samples, after: Samples, name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved(gateway_before, gateway_after, "triage_messages_total", channel="web", route=route) == 1
    assert moved(gateway_before, gateway_after, "triage_turn_seconds_count", channel="web") == 1
    assert moved(gateway_before, gateway_after, "triage_rasa_seconds_count", worker="1", outcome="answered") == 1
    ok_calls = {
        dict(labels)["action"]: count - actions_before.get((name, labels), 0.0)
        for (name, labels), count in actions_after.items()
        if name == "triage_action_calls_total" and dict(labels)["outcome"] == "ok"
    }
    assert sum(ok_calls.values()) >= 1 and all(name.startswith(("action_", "validate_")) for name in ok_calls)
    for text in scraped:
        assert marker not in text and "7700900731" not in text and contact not in text

    new = {name: _new_lines(path, offsets[name]) for name, path in logs.items()}
    turns = re.findall(r"\[([0-9a-f]{32})\]: turn routed: channel=web route=" + route, new["gateway.log"])
    assert len(turns) == 1, new["gateway.log"][-3000:]
    request_id = turns[0]
    # Rasa's structured lines: time, level and logger, then the event as JSON.
    rasa_lines = [json.loads(line[line.index("{") :]) for line in new["rasa.log"].splitlines() if request_id in line]
    assert any(
        entry.get("event") == "triage.turn.received" and entry.get("request_id") == request_id for entry in rasa_lines
    ), new["rasa.log"][-3000:]
    assert re.search(rf"\[{request_id}\]: action action_\w+: ok in \d+ ms", new["actions.log"]), new["actions.log"][
        -3000:
    ]
    for name, text in new.items():
        assert marker not in text and "7700900731" not in text, name


def contact_ids(served: Served) -> list[str]:
    database = served.settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        return [row[0] for row in db.execute("SELECT id FROM contacts WHERE channel = 'web'")]


async def test_a_killed_rasa_is_started_again_and_the_conversation_continues(served: Served) -> None:
    before = set(contact_ids(served))
    async with aiohttp.ClientSession() as http:
        person = await ChatClient.open(http, base_url=served.gateway_url)
        try:
            replies = await person.replies_to("what are the time limits for making a complaint about the police?")
            assert replies and all(r["author"] == "bot" for r in replies)
            (contact,) = set(contact_ids(served)) - before

            (rasa_pid,) = served.pids("rasa_ext.serve")
            gateway_pid = served.pids("serve-gateway")
            os.kill(rasa_pid, signal.SIGKILL)

            # While Rasa is down the gateway still answers: the apology with the phone number.
            replies = await person.replies_to("what happens after i complain")
            assert [r["text"] for r in replies] == [canned.RASA_UNAVAILABLE.text]
            assert "0300 020 0096" in replies[0]["text"]
            assert get_json(f"{served.gateway_url}/healthz")[0] == 200
            status, ready = get_json(f"{served.gateway_url}/readyz")
            assert status == 200 and ready["database"] == "ok"

            deadline = time.monotonic() + 420
            while not all(rasa_ready(url, served.settings.rasa_api_token) for url in served.rasa_urls()):
                assert time.monotonic() < deadline, served.log()[-3000:]
                assert served.process.poll() is None, served.log()[-3000:]
                await asyncio.sleep(1)
            assert served.pids("rasa_ext.serve") not in ([], [rasa_pid])
            assert served.pids("serve-gateway") == gateway_pid  # nothing else was restarted
            assert get_json(f"{served.gateway_url}/readyz")[1]["rasa"] == {"workers": 1, "up": 1}

            replies = await person.replies_to("how do i make a complaint")
            assert replies and all(r["author"] == "bot" for r in replies)
        finally:
            await person.close()
    # One conversation throughout: Rasa's tracker (kept in the database) has the messages from
    # before the kill and after it.
    url = f"{served.rasa_urls()[0]}/conversations/{contact}/tracker"
    status, tracker = get_json(f"{url}?token={served.settings.rasa_api_token}")
    assert status == 200
    said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert said[0] == "what are the time limits for making a complaint about the police?"
    assert said[-1] == "how do i make a complaint"
    assert "rasa stopped unexpectedly" in served.log()


@pytest.mark.parametrize(("marker", "health"), [("-m actions", "/health"), ("serve-gateway", "/healthz")])
async def test_a_killed_action_server_or_gateway_is_started_again(served: Served, marker: str, health: str) -> None:
    port = served.settings.action_server_port if marker == "-m actions" else served.settings.gateway_port
    (pid,) = served.pids(marker)
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 120
    while not (served.pids(marker) not in ([], [pid]) and get_json(f"http://127.0.0.1:{port}{health}")[0] == 200):
        assert time.monotonic() < deadline and served.process.poll() is None, served.log()[-3000:]
        await asyncio.sleep(0.5)
    async with aiohttp.ClientSession() as http:  # and people are answered by the assistant again
        replies = await one_turn(
            http, served.gateway_url, "I would like to complain about the way an officer spoke to my mum at the station"
        )
    assert replies and all(r["author"] == "bot" for r in replies)
    assert f"{'actions' if marker == '-m actions' else 'gateway'} stopped unexpectedly" in served.log()
