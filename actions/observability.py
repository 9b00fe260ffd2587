"""The action server's metrics and log lines: every action call counted, timed and logged once.

`triage_action_calls_total{action, outcome}` and `triage_action_seconds{action}`, served at
`GET /metrics` to a caller with `Authorization: Bearer <METRICS_TOKEN>` (404 without the setting).
Action names come only from the actions this server has registered ("unknown" otherwise: a caller
cannot add label values). Each call's log line, and every other line logged while it runs, carries
the turn's request id, which the gateway put in the message metadata.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from rasa_sdk.executor import ActionExecutor
from sanic import response

from bot.observability import request_ids
from bot.observability.metrics import authorised, bounded, process_collectors

log = logging.getLogger("actions.calls")

METRICS_PATH = "/metrics"
UNKNOWN = "unknown"
# rasa_sdk answers 400 when an action rejects its form slot, 404 for an unknown action; our own
# checks answer 403 (no token) and 422 (not a conversation id); 500 is an action that raised.
OUTCOMES = {200: "ok", 400: "rejected", 403: "refused", 404: "not_found", 422: "refused", 500: "failed"}
ACTION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def registered_actions(package: str = "actions") -> frozenset[str]:
    """The names of the actions rasa_sdk finds in `package` (the same way its server does)."""
    executor = ActionExecutor()
    executor.register_package(package)
    return frozenset(executor.actions)


class ActionMetrics:
    """Counts and times action calls, labelled only by registered action names and fixed outcomes."""

    def __init__(self, action_names: Iterable[str]) -> None:
        self.names = frozenset(action_names)
        self.registry = registry = CollectorRegistry()
        process_collectors(registry)
        self.calls = Counter(
            "triage_action_calls",
            "Action server calls by action and outcome.",
            ["action", "outcome"],
            registry=registry,
        )
        self.seconds = Histogram(
            "triage_action_seconds",
            "Action server calls, from request to response.",
            ["action"],
            buckets=ACTION_BUCKETS,
            registry=registry,
        )
        for name in self.names:
            self.calls.labels(name, "ok")
            self.seconds.labels(name)

    def action_of(self, call: Any) -> str:
        name = call.get("next_action") if isinstance(call, dict) else None
        return bounded(name if isinstance(name, str) else None, self.names, UNKNOWN)

    def call_finished(self, action: str, status: int, seconds: float) -> str:
        outcome = OUTCOMES.get(status, "failed" if status >= 500 else "refused")
        self.calls.labels(action, outcome).inc()
        self.seconds.labels(action).observe(seconds)
        return outcome


def install(app: Any, metrics_token: str, action_names: Iterable[str]) -> ActionMetrics:
    """Time every call and serve /metrics. Register before the action-token check, so refused calls count."""
    metrics = ActionMetrics(action_names)

    @app.on_request
    async def start_timer(request):
        # Sanic runs the request middleware again when a handler raises; the first start counts.
        if not hasattr(request.ctx, "started"):
            request.ctx.started = time.monotonic()
            request.ctx.action = None
            request_ids.clear()

    @app.on_response
    async def count_call(request, reply):
        if request.path != "/webhook" or not hasattr(request.ctx, "started"):
            return
        action = request.ctx.action or UNKNOWN
        seconds = time.monotonic() - request.ctx.started
        outcome = metrics.call_finished(action, reply.status, seconds)
        log.info("action %s: %s in %.0f ms", action, outcome, seconds * 1000)

    @app.get(METRICS_PATH)
    async def serve_metrics(request):
        if not metrics_token:
            return response.json({"error": "not found"}, status=404)
        if not authorised(request.headers.get("Authorization"), metrics_token):
            return response.json(
                {"error": "unauthorised"}, status=401, headers={"WWW-Authenticate": 'Bearer realm="metrics"'}
            )
        return response.raw(generate_latest(metrics.registry), headers={"Content-Type": CONTENT_TYPE_LATEST})

    return metrics


def adopt_call(request: Any, metrics: ActionMetrics, call: Any) -> None:
    """After the token check: label the call with its action and take the turn's request id."""
    request.ctx.action = metrics.action_of(call)
    request_ids.start(request_ids.from_action_call(call))
