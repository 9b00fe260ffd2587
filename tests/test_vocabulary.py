"""One list of triage routes: the domain, the contact log (model and migrations) and the console agree with it."""

from __future__ import annotations

import uuid

from bot.console import labels
from bot.domain import load_domain
from bot.store.models import TRIAGE_OUTCOMES, Contact
from vocabulary.routes import ROUTE_BY_INTENT, ROUTES

DOMAIN = load_domain()


def test_the_routes_are_the_same_everywhere() -> None:
    assert tuple(DOMAIN["slots"]["triage_outcome"]["values"]) == ROUTES
    assert TRIAGE_OUTCOMES == ROUTES
    assert tuple(labels.ROUTES) == ROUTES
    assert set(ROUTE_BY_INTENT.values()) <= set(ROUTES)
    assert set(ROUTE_BY_INTENT) <= set(DOMAIN["intents"])


def test_the_migrated_database_accepts_every_route(db_sessionmaker) -> None:
    # The check constraints live in the Alembic migrations too: a new route needs a new migration.
    with db_sessionmaker.begin() as session:
        for route in ROUTES:
            session.add(Contact(id=str(uuid.uuid4()), channel="web", triage_outcome=route))
