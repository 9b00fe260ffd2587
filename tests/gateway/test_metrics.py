"""The gateway's `/metrics` and request ids, on the real app: only the holder of METRICS_TOKEN may
scrape; real turns move the counters under bounded labels, and nothing a person wrote becomes a
label or a log line; the queue figures come from the contact log; a request id is a trusted proxy's
or our own, never a client's. (Rasa is down here; tests/processes/test_served_stack.py scrapes a
whole running service with the model.)"""

from __future__ import annotations

import io
import json
import logging
import math
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from metrics_text import Samples, label_values, parse, value

from bot import keys
from bot.app import create_app
from bot.observability import logs, request_ids
from bot.observability.metrics import RASA_FAILURE_REASONS, RASA_OUTCOMES
from bot.routing import canned
from bot.store.models import CHANNELS, TRIAGE_OUTCOMES

from .conftest import TWILIO_FROM, Gateway
from .test_no_personal_data_in_logs import NEEDLES, PHONE, TEXT, DatabaseOutage
from .test_web_channel import Widget, is_type, new_session

TOKEN = "metrics-token-for-tests-0123456789abcdef"
BOUNDED_LABELS = {
    *CHANNELS,
    *TRIAGE_OUTCOMES,
    "none",
    "other",
    "1",
    "urgent",
    "serious",
    "routine",
    *RASA_OUTCOMES,
    *RASA_FAILURE_REASONS,
}
NGINX_ID = "5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5"


@pytest.fixture
async def gateway(aiohttp_client, make_settings, recording) -> Gateway:
    settings = make_settings(metrics_token=TOKEN)
    return Gateway(await aiohttp_client(create_app(settings)), settings, recording)


class Lines(logging.Handler):
    """Every record as the served processes write it (text format, request id filled in)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.addFilter(logs.RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def turns(self) -> list[logging.LogRecord]:
        return [r for r in self.records if r.getMessage().startswith("turn routed:")]


@pytest.fixture
def lines() -> Iterator[Lines]:
    handler = Lines()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


async def scrape(gateway: Gateway) -> tuple[str, Samples]:
    response = await gateway.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status == 200, await response.text()
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    text = await response.text()
    return text, parse(text)


async def test_metrics_are_served_only_to_the_holder_of_the_token(
    gateway: Gateway, make_settings, aiohttp_client
) -> None:
    for headers in (
        {},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Bearer {TOKEN[:-1]}"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
        {"Authorization": "Bearer "},
    ):
        response = await gateway.client.get("/metrics", headers=headers)
        assert response.status == 401, headers
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert "triage_" not in await response.text()
    response = await gateway.client.get(f"/metrics?token={TOKEN}")
    assert response.status == 401
    await scrape(gateway)

    # Without METRICS_TOKEN there is no endpoint at all, whatever a caller sends.
    off = await aiohttp_client(create_app(make_settings()))
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": f"Bearer {TOKEN}"}):
        assert (await off.get("/metrics", headers=headers)).status == 404


async def test_real_turns_are_counted_by_channel_and_route_and_nothing_personal_is_a_label(gateway: Gateway) -> None:
    _, before = await scrape(gateway)
    assert value(before, "triage_messages_total", channel="web", route="none") == 0
    assert value(before, "triage_messages_total", channel="sms", route="complain_to_force") == 0  # exists at 0

    widget = await Widget.open(gateway.client, (await new_session(gateway.client))["token"])
    await widget.until(is_type("state"))
    await widget.say(TEXT, "c-1")
    apology = await widget.until(lambda f: f["type"] == "message" and f["author"] == "system")
    assert apology["text"] != ""
    assert (await gateway.sms(TEXT, sid="SM" + "7" * 32, sender=PHONE)).status == 200
    await gateway.settle()

    text, after = await scrape(gateway)
    assert value(after, "triage_messages_total", channel="web", route="none") == 1
    assert value(after, "triage_messages_total", channel="sms", route="none") == 1
    assert value(after, "triage_turn_seconds_count", channel="web") == 1
    assert value(after, "triage_turn_seconds_count", channel="sms") == 1
    # Rasa is not running: each turn was refused by worker 1 and counted as such.
    assert value(after, "triage_rasa_failures_total", worker="1", reason="refused") == 2
    assert value(after, "triage_rasa_seconds_count", worker="1", outcome="refused") == 2
    assert value(after, "triage_rasa_seconds_count", worker="1", outcome="answered") == 0
    assert "process_resident_memory_bytes" in text

    assert not [needle for needle in NEEDLES if needle in text]
    assert not label_values(after) & {c.id for c in gateway.contacts()}
    ours = {v for (name, labels) in after if name.startswith("triage_") for k, v in labels if k != "le"}
    assert ours <= BOUNDED_LABELS, ours - BOUNDED_LABELS


async def test_the_queue_and_who_can_answer_it_come_from_the_contact_log(gateway: Gateway) -> None:
    sam = gateway.add_staff("sam-metrics", "Sam")
    gateway.add_staff("alex-metrics", "Alex", presence="away")
    widget = await Widget.open(gateway.client, (await new_session(gateway.client))["token"])
    await widget.until(is_type("state"))
    # Rasa is down, and the person asks for a person: the gateway queues them itself (routine).
    await widget.ws.send_json(
        {"type": "button", "title": "Talk to a person", "payload": canned.REQUEST_HUMAN, "client_id": "c-1"}
    )
    await widget.until(lambda f: f["type"] == "state" and f["owner"] == "queued")
    await gateway.settle()

    _, queued = await scrape(gateway)
    assert value(queued, "triage_queue_length", priority="routine") == 1
    assert value(queued, "triage_queue_length", priority="urgent") == 0
    assert value(queued, "triage_queue_oldest_wait_seconds", priority="routine") >= 0
    assert value(queued, "triage_staff_available") == 1
    assert value(queued, "triage_staff_hours_open") == 1
    assert value(queued, "triage_contact_log_up") == 1
    assert value(queued, "triage_queue_wait_seconds_count", priority="routine") == 0

    [handoff] = gateway.handoffs()
    assert await gateway.app[keys.STAFF_DESK].claim(handoff.contact_id, sam) is True
    _, claimed = await scrape(gateway)
    assert value(claimed, "triage_queue_length", priority="routine") == 0
    assert value(claimed, "triage_queue_wait_seconds_count", priority="routine") == 1


async def test_a_scrape_while_the_contact_log_is_down_still_answers_without_stale_queue_figures(
    gateway: Gateway,
) -> None:
    _, up = await scrape(gateway)
    assert (
        value(up, "triage_contact_log_up") == 1 and ("triage_queue_length", frozenset({("priority", "urgent")})) in up
    )
    with DatabaseOutage(gateway):
        _, down = await scrape(gateway)
    assert value(down, "triage_contact_log_up") == 0
    assert not [name for name, _ in down if name in ("triage_queue_length", "triage_queue_oldest_wait_seconds")]
    assert math.isnan(value(down, "triage_staff_available"))
    assert "triage_messages_total" in {name for name, _ in down}  # the rest is still served
    _, again = await scrape(gateway)
    assert value(again, "triage_contact_log_up") == 1 and value(again, "triage_queue_length", priority="urgent") == 0


async def test_a_trusted_proxy_names_the_turn_and_no_client_can(
    make_settings, recording, aiohttp_client, lines: Lines
) -> None:
    # The test client connects from 127.0.0.1.
    behind_proxy = make_settings(trusted_proxies="127.0.0.1")
    proxied = Gateway(await aiohttp_client(create_app(behind_proxy)), behind_proxy, recording)
    direct_settings = make_settings()
    direct = Gateway(await aiohttp_client(create_app(direct_settings)), direct_settings, recording)

    async def sms_with_id(gateway: Gateway, sid: str, request_id: str) -> str:
        before = len(lines.turns())
        params = {"MessageSid": sid, "From": "+4477009" + sid[-5:], "To": TWILIO_FROM, "Body": "hello"}
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": gateway.sign(params),
            request_ids.HEADER: request_id,
        }
        response = await gateway.client.post("/channels/sms", data=urlencode(params), headers=headers)
        assert response.status == 200
        await gateway.settle()
        [turn] = lines.turns()[before:]
        return turn.request_id

    assert await sms_with_id(proxied, "SM" + "1" * 27 + "00001", NGINX_ID) == NGINX_ID
    # Not an id of the accepted shape (it could carry anything into the logs): a new one instead.
    for bad in ("has spaces in it", "x" * 65, "short", f"{NGINX_ID}]: INFO forged", "-" + NGINX_ID):
        minted = await sms_with_id(proxied, "SM" + "1" * 27 + f"{len(bad):05d}", bad)
        assert minted != bad and re.fullmatch(r"[0-9a-f]{32}", minted)
    # From a peer that is not a trusted proxy the header is ignored.
    minted = await sms_with_id(direct, "SM" + "2" * 27 + "00001", NGINX_ID)
    assert minted != NGINX_ID and re.fullmatch(r"[0-9a-f]{32}", minted)


async def test_each_web_message_is_a_turn_with_its_own_request_id(gateway: Gateway, lines: Lines) -> None:
    widget = await Widget.open(gateway.client, (await new_session(gateway.client))["token"])
    await widget.until(is_type("state"))
    for client_id in ("c-1", "c-2"):
        await widget.say(f"message {client_id}", client_id)
        await widget.until(lambda f, sent=client_id: f["type"] == "message" and f.get("client_id") == sent)
        await gateway.settle()
    ids = [turn.request_id for turn in lines.turns()]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_log_lines_carry_the_request_id_as_text_or_json() -> None:
    logger = logging.getLogger("tests.observability")
    for log_format in ("text", "json"):
        stream = io.StringIO()
        handler = logs.handler(log_format, stream)
        logger.addHandler(handler)
        try:
            request_ids.start(NGINX_ID)
            logger.warning("turn routed: channel=%s", "web")
            request_ids.clear()
            logger.warning("no turn")
        finally:
            logger.removeHandler(handler)
        first, second = stream.getvalue().splitlines()
        if log_format == "text":
            assert f"WARNING tests.observability [{NGINX_ID}]: turn routed: channel=web" in first
            assert "[-]: no turn" in second
        else:
            entry = json.loads(first)
            assert entry["request_id"] == NGINX_ID and entry["message"] == "turn routed: channel=web"
            assert entry["level"] == "WARNING" and entry["logger"] == "tests.observability"
            assert json.loads(second)["request_id"] == "-"
    with pytest.raises(Exception, match="LOG_FORMAT"):
        logs.handler("xml")


def test_only_plain_ids_are_believed_from_an_action_call() -> None:
    call = {"tracker": {"latest_message": {"metadata": {"request_id": NGINX_ID}}}}
    assert request_ids.from_action_call(call) == NGINX_ID
    for given in ("he pushed me", None, 42, {"a": 1}, "-" + NGINX_ID):
        assert (
            request_ids.from_action_call({"tracker": {"latest_message": {"metadata": {"request_id": given}}}}) is None
        )
    assert request_ids.from_action_call({"tracker": {}}) is None
    assert request_ids.from_action_call(None) is None


def test_every_metric_is_documented_with_its_labels() -> None:
    from actions.observability import ActionMetrics
    from bot.observability.metrics import GatewayMetrics
    from bot.settings import ROOT

    doc = (ROOT / "docs" / "deployment.md").read_text()
    for registry in (GatewayMetrics().registry, ActionMetrics(["action_example"]).registry):
        for family in registry.collect():
            if not family.name.startswith("triage_"):
                continue
            name = f"{family.name}_total" if family.type == "counter" else family.name
            row = next((line for line in doc.splitlines() if line.startswith(f"| `{name}` |")), None)
            assert row is not None, f"{name} is not in docs/deployment.md"
            labels = {k for sample in family.samples for k in sample.labels if k != "le"}
            assert all(f"`{label}`" in row for label in labels), (name, labels)
