"""The gateway's Prometheus metrics, in a registry of its own (one per application).

Every label has a fixed, small set of values: channels, triage routes, Rasa worker numbers,
outcomes and queue priorities. Anything else is counted under "other" (or "none"): no label ever
carries what a person wrote, an address, or an id.

Kinds of figures:
- counted as they happen, per gateway process: messages, turn and Rasa latency, Rasa failures and
  "busy" notices, the wait of each claimed handoff;
- read from the contact log when scraped, the same from every replica: queue length and oldest wait
  by priority, staff available (so a dashboard takes max(), not sum(), of these across replicas).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)

from bot.store.models import CHANNELS, TRIAGE_OUTCOMES

log = logging.getLogger(__name__)

NO_ROUTE = "none"
OTHER = "other"
PRIORITY_NAMES = {0: "urgent", 1: "serious", 2: "routine"}
RASA_OUTCOMES = ("answered", "timed_out", "failed", "refused")
# Why a turn failed: no answer in time, an HTTP error status (the action server failing, often), the
# connection broken, an answer that is not Rasa's list of messages, or every worker refusing.
RASA_FAILURE_REASONS = ("timed_out", "http_error", "connection_error", "bad_answer", "refused")
# People notice a turn past a second; the gateway gives up on Rasa at RASA_TIMEOUT_SECONDS (4 s).
TURN_BUCKETS = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0, 30.0)
# From seconds (someone was free) to hours (out of hours, a call-back the next day).
QUEUE_WAIT_BUCKETS = (10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 43200, 86400)


def bounded(value: str | None, allowed: Iterable[str], otherwise: str = OTHER) -> str:
    """`value` if it is one of `allowed`, else `otherwise`: label values stay a known, small set."""
    return value if value is not None and value in allowed else otherwise


def priority_name(priority: int | None) -> str:
    return PRIORITY_NAMES.get(priority if priority is not None else -1, OTHER)


def authorised(header: str | None, token: str) -> bool:
    """`Authorization: Bearer <token>`, compared in constant time; never true for an empty token."""
    if not token or not header or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[len("Bearer ") :].strip().encode("utf-8"), token.encode("utf-8"))


def process_collectors(registry: CollectorRegistry) -> None:
    """CPU, memory, open files, Python version and garbage collection of this process."""
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)


class GatewayMetrics:
    """What the gateway counts and times; `registry` is what `GET /metrics` serves."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        process_collectors(registry)
        self.messages = Counter(
            "triage_messages",
            "Messages from the public, routed, by channel and the conversation's route after it.",
            ["channel", "route"],
            registry=registry,
        )
        self.turn_seconds = Histogram(
            "triage_turn_seconds",
            "A person's message from stored to routed (replies stored and delivered), lock wait included.",
            ["channel"],
            buckets=TURN_BUCKETS,
            registry=registry,
        )
        self.rasa_seconds = Histogram(
            "triage_rasa_seconds",
            "Gateway to Rasa round trips (waiting for a free place included), by worker and outcome.",
            ["worker", "outcome"],
            buckets=TURN_BUCKETS,
            registry=registry,
        )
        self.rasa_failures = Counter(
            "triage_rasa_failures",
            "Turns Rasa did not answer usefully (the person got the apology), by reason.",
            ["worker", "reason"],
            registry=registry,
        )
        self.rasa_busy = Counter(
            "triage_rasa_busy",
            "Turns that had to wait for a free place at their Rasa worker (the person was told busy).",
            ["worker"],
            registry=registry,
        )
        self.queue_wait = Histogram(
            "triage_queue_wait_seconds",
            "How long each handoff claimed on this gateway had waited, by priority.",
            ["priority"],
            buckets=QUEUE_WAIT_BUCKETS,
            registry=registry,
        )
        self.queue_length = Gauge(
            "triage_queue_length",
            "Handoffs waiting for a person now, by priority (from the contact log).",
            ["priority"],
            registry=registry,
        )
        self.queue_oldest_wait = Gauge(
            "triage_queue_oldest_wait_seconds",
            "How long the longest-waiting handoff has waited, by priority.",
            ["priority"],
            registry=registry,
        )
        self.staff_available = Gauge(
            "triage_staff_available", "Enabled staff members who have set themselves available.", registry=registry
        )
        self.staff_hours_open = Gauge("triage_staff_hours_open", "1 within STAFF_HOURS, else 0.", registry=registry)
        self.contact_log_up = Gauge(
            "triage_contact_log_up",
            "1 if the contact log answered this scrape (the queue figures are fresh).",
            registry=registry,
        )
        # Every series exists from the start, so rate() and alerts see 0 rather than nothing.
        for channel in CHANNELS:
            self.turn_seconds.labels(channel)
            for route in (*TRIAGE_OUTCOMES, NO_ROUTE):
                self.messages.labels(channel, route)
        for name in PRIORITY_NAMES.values():
            self.queue_length.labels(name)
            self.queue_oldest_wait.labels(name)
            self.queue_wait.labels(name)

    # -- turns --------------------------------------------------------------------------------

    def turn_finished(self, channel: str, route: str | None, owner: str | None, seconds: float) -> None:
        """Count and time one routed message, and log one line for it (ids and labels, never text)."""
        channel = bounded(channel, CHANNELS)
        route = bounded(route, TRIAGE_OUTCOMES, NO_ROUTE)
        self.messages.labels(channel, route).inc()
        self.turn_seconds.labels(channel).observe(seconds)
        log.info("turn routed: channel=%s route=%s owner=%s in %.0f ms", channel, route, owner or "-", seconds * 1000)

    def rasa_turn(self, worker: int, seconds: float, failure: str | None = None) -> None:
        """One round trip to Rasa worker number `worker` (1-based; 0: none was tried), and why it failed."""
        label = str(worker) if worker else "none"
        if failure is None:
            outcome = "answered"
        else:
            failure = bounded(failure, RASA_FAILURE_REASONS)
            outcome = failure if failure in ("timed_out", "refused") else "failed"
            self.rasa_failures.labels(label, failure).inc()
        self.rasa_seconds.labels(label, outcome).observe(seconds)

    def rasa_busy_notice(self, worker: int) -> None:
        self.rasa_busy.labels(str(worker)).inc()

    # -- the queue ----------------------------------------------------------------------------

    def handoff_claimed(self, priority: int, waited_seconds: float) -> None:
        self.queue_wait.labels(priority_name(priority)).observe(max(0.0, waited_seconds))
