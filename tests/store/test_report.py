"""The report's figures on data whose answers are known."""

from __future__ import annotations

import datetime as dt
import json

from bot.store.repositories import contacts
from bot.store.repositories.handoffs import request_handoff
from bot.store.repositories.report import build_report, percentile

UTC = dt.timezone.utc
DAY1 = dt.datetime(2024, 3, 1, 9, tzinfo=UTC)
DAY2 = dt.datetime(2024, 3, 2, 23, 59, tzinfo=UTC)

# (id, channel, started, route, force, handoff wait in seconds: None = no handoff, -1 = unclaimed)
CONTACTS = [
    ("a", "web", DAY1, "complain_to_force", "Kent Police", 30),
    ("b", "web", DAY1, "complain_to_force", "Kent Police", None),
    ("c", "sms", DAY1, "serious_incident", "Gwent Police", 90),
    ("d", "telegram", DAY2, "human_requested", None, 60),
    ("e", "sms", DAY2, "human_requested", None, 600),
    ("f", "web", DAY2, None, None, -1),
]


def _seed(db_sessionmaker) -> None:
    with db_sessionmaker.begin() as session:
        for contact_id, channel, started, route, force, wait in CONTACTS:
            contact = contacts.ensure_contact(session, contact_id, channel)
            contact.started_at = started
            if route:
                contacts.record_route(session, contact_id, route, "e1")
            if force:
                contacts.update_details(session, contact_id, force=force)
            if wait is not None:
                handoff = request_handoff(session, contact_id, "x", 2, "en", f"{contact_id}-h")
                handoff.requested_at = started
                if wait >= 0:
                    handoff.claimed_at = started + dt.timedelta(seconds=wait)


def _table(rows: list[dict]) -> dict:
    return {row["key"]: row["count"] for row in rows}


def test_percentiles_are_nearest_rank() -> None:
    assert percentile([], 50) is None
    assert percentile([30.0, 90.0, 60.0, 600.0], 50) == 60.0
    assert percentile([30.0, 90.0, 60.0, 600.0], 95) == 600.0
    assert percentile([7.0], 95) == 7.0


def test_report_counts_contacts_and_handoff_waits(db_sessionmaker) -> None:
    _seed(db_sessionmaker)
    with db_sessionmaker() as session:
        report = build_report(session)
    assert report["contacts"] == 6
    assert report["per_day"] == [{"key": "2024-03-01", "count": 3}, {"key": "2024-03-02", "count": 3}]
    assert _table(report["per_channel"]) == {"web": 3, "sms": 2, "telegram": 1}
    assert _table(report["per_route"]) == {
        "complain_to_force": 2,
        "human_requested": 2,
        "serious_incident": 1,
        "(none)": 1,
    }
    assert _table(report["per_force"]) == {"Kent Police": 2, "Gwent Police": 1, "(not given)": 3}
    assert report["handoffs"] == {
        "requested": 5,
        "claimed": 4,
        "unclaimed": 1,
        "wait_p50_seconds": 60.0,
        "wait_p95_seconds": 600.0,
    }
    assert report["routes_ending_in_handoff"] == [
        {"key": "human_requested", "count": 2, "contacts": 2, "share": 1.0},
        {"key": "(none)", "count": 1, "contacts": 1, "share": 1.0},
        {"key": "complain_to_force", "count": 1, "contacts": 2, "share": 0.5},
        {"key": "serious_incident", "count": 1, "contacts": 1, "share": 1.0},
    ]
    # Nobody has marked a route as wrong yet: every rate is 0, and contacts with no route are left out.
    assert report["misroutes"] == [
        {"key": "complain_to_force", "count": 0, "contacts": 2, "handed_off": 1, "rate": 0.0},
        {"key": "human_requested", "count": 0, "contacts": 2, "handed_off": 2, "rate": 0.0},
        {"key": "serious_incident", "count": 0, "contacts": 1, "handed_off": 1, "rate": 0.0},
    ]


def test_report_since_only_counts_later_contacts_and_handoffs(db_sessionmaker) -> None:
    _seed(db_sessionmaker)
    with db_sessionmaker() as session:
        report = build_report(session, since=dt.date(2024, 3, 2))
    assert report["contacts"] == 3
    handoffs = report["handoffs"]
    assert (handoffs["requested"], handoffs["wait_p50_seconds"], handoffs["wait_p95_seconds"]) == (3, 60.0, 600.0)


def test_cli_report_prints_tables_and_json(migrated_database_url, db_sessionmaker, run_cli) -> None:
    _seed(db_sessionmaker)
    text = run_cli("report", database_url=migrated_database_url)
    assert text.code == 0, text.stderr
    assert "All contacts: 6" in text.stdout
    assert "  2024-03-01       3" in text.stdout
    assert "wait p95     600s" in text.stdout
    assert "Routes staff corrected (corrected, contacts, handed off, rate)" in text.stdout
    assert "  complain_to_force       0         2         1       0.0" in text.stdout
    as_json = run_cli("report", "--format", "json", "--since", "2024-03-02", database_url=migrated_database_url)
    assert as_json.code == 0, as_json.stderr
    assert json.loads(as_json.stdout)["contacts"] == 3
