"""`GET /metrics`: the gateway's Prometheus metrics, for a caller holding METRICS_TOKEN.

The token is sent as `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets 401 (and nothing is
counted or read for them). Without METRICS_TOKEN the endpoint does not exist (404). The queue and
staff figures are read from the contact log at each scrape, within a time limit: when the database
does not answer, they are left out (the staff gauges are NaN) and `triage_contact_log_up` is 0, and the
rest is still served.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot import keys
from bot.observability.metrics import GatewayMetrics, authorised, priority_name
from bot.observability.queue_stats import QueueSnapshot, queue_snapshot
from bot.store.session import describe_error, run_in_session

log = logging.getLogger(__name__)

SNAPSHOT_SECONDS = 2.0


def _record(metrics: GatewayMetrics, snapshot: QueueSnapshot | None) -> None:
    metrics.contact_log_up.set(snapshot is not None)
    if snapshot is None:  # absent or NaN rather than stale
        for gauge in (metrics.queue_length, metrics.queue_oldest_wait):
            gauge.clear()
        metrics.staff_available.set(float("nan"))
        metrics.staff_hours_open.set(float("nan"))
        return
    for priority in (0, 1, 2):
        count, oldest = snapshot.waiting.get(priority, (0, 0.0))
        metrics.queue_length.labels(priority_name(priority)).set(count)
        metrics.queue_oldest_wait.labels(priority_name(priority)).set(oldest)
    metrics.staff_available.set(snapshot.staff_available)
    metrics.staff_hours_open.set(snapshot.hours_open)


async def metrics_view(request: web.Request) -> web.Response:
    """GET /metrics: Prometheus text format, to a caller with the bearer token."""
    app = request.app
    token = app[keys.SETTINGS].metrics_token
    if not token:
        raise web.HTTPNotFound()
    if not authorised(request.headers.get("Authorization"), token):
        raise web.HTTPUnauthorized(headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    metrics = app[keys.METRICS]
    try:
        snapshot = await asyncio.wait_for(
            run_in_session(app[keys.SESSIONS], queue_snapshot, app[keys.STAFF_HOURS]), SNAPSHOT_SECONDS
        )
    except Exception as error:  # noqa: BLE001 - the rest of the metrics are still worth serving
        log.warning("metrics: the contact log did not answer (%s)", describe_error(error))
        snapshot = None
    _record(metrics, snapshot)
    return web.Response(body=generate_latest(metrics.registry), headers={"Content-Type": CONTENT_TYPE_LATEST})
