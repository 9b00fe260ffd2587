"""`python -m bot db|contacts|purge|report`: migrations, export, erasure, retention and figures.

SQLAlchemy, Alembic and cryptography take most of a second to import: they are imported inside the
commands, so `python -m bot --help` and the other commands do not pay for them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.errors import CommandError
from bot.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from bot.store import retention

Handler = Callable[[argparse.Namespace, Settings], int]

_PERIOD = re.compile(r"^(\d+)([dw]?)$")


def parse_date(text: str) -> dt.date:
    """A YYYY-MM-DD date, or CommandError."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise CommandError(f"--since must be a date like 2024-05-31, not {text!r}.")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since must be a real date, not {text!r}.") from None


def parse_period(text: str) -> dt.timedelta:
    """'90d', '12w' or '90' (days) as a timedelta, or CommandError."""
    match = _PERIOD.match(text.strip())
    if not match or int(match.group(1)) == 0:
        raise CommandError(f"--older-than must be a number of days or weeks like 90d or 12w, not {text!r}.")
    number, unit = int(match.group(1)), match.group(2) or "d"
    return dt.timedelta(days=number * (7 if unit == "w" else 1))


def guarded(handler: Handler) -> Handler:
    """Turn store failures into CommandError: one line on stderr and exit code 2, never a traceback."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace, settings: Settings) -> int:
        from sqlalchemy.exc import OperationalError, ProgrammingError

        from bot.store.errors import StoreError

        try:
            return handler(args, settings)
        except StoreError as error:
            raise CommandError(str(error)) from None
        except (OperationalError, ProgrammingError) as error:
            text = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
            if "no such table" in text or "does not exist" in text:
                raise CommandError("the database is not migrated; run `python -m bot db upgrade`.") from None
            raise CommandError(f"database error: {text}") from None

    return run


def open_database(settings: Settings) -> tuple[Engine, sessionmaker[Session]]:
    """An engine on DATABASE_URL, checked, and its session factory."""
    from bot.store.session import check_connection, create_engine_from_url, make_sessionmaker

    engine = create_engine_from_url(settings.database_url)
    check_connection(engine)
    return engine, make_sessionmaker(engine)


def _tracker(settings: Settings) -> retention.Tracker:
    from bot.store.session import check_connection, create_engine_from_url, parse_url

    contacts_url = parse_url(settings.database_url)
    tracker_url = parse_url(settings.tracker_database_url, "TRACKER_DATABASE_URL")
    if tracker_url.render_as_string(hide_password=False) == contacts_url.render_as_string(hide_password=False):
        return "same"
    if tracker_url.get_backend_name() == "sqlite" and tracker_url.database:
        # No file means Rasa never ran with this store: nothing to delete, and nothing to create.
        if not Path(tracker_url.database).exists():
            return "none"
    engine = create_engine_from_url(settings.tracker_database_url, "TRACKER_DATABASE_URL")
    check_connection(engine, "TRACKER_DATABASE_URL")
    return engine


# --- db ---------------------------------------------------------------------------------------


@guarded
def db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import migrate
    from bot.store.session import describe

    engine, _ = open_database(settings)
    where = describe(engine)
    engine.dispose()
    migrate.upgrade(settings.database_url)
    print(f"database at {where} is up to date")
    return 0


@guarded
def db_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import migrate

    engine, _ = open_database(settings)
    engine.dispose()
    migrate.check(settings.database_url)
    print("models and migrations agree")
    return 0


# --- contacts ---------------------------------------------------------------------------------


def _write_jsonl(records: Any) -> None:
    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


@guarded
def contacts_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store.crypto import AddressCipher
    from bot.store.repositories.export import export_contacts, export_contacts_with_addresses

    since = parse_date(args.since) if args.since else None
    engine, factory = open_database(settings)
    try:
        if args.include_address:
            cipher = AddressCipher.from_settings(settings)
            _write_jsonl(export_contacts_with_addresses(factory, cipher, since=since, actor="system"))
        else:
            with factory.begin() as session:
                _write_jsonl(export_contacts(session, since=since))
    finally:
        engine.dispose()
    return 0


@guarded
def contacts_show(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store.repositories import audit
    from bot.store.repositories.contacts import get_contact
    from bot.store.repositories.export import contact_record

    engine, factory = open_database(settings)
    try:
        with factory.begin() as session:
            contact = get_contact(session, args.id)
            record = contact_record(contact)
            record.update(
                topic=contact.topic,
                incident_date=contact.incident_date,
                complainant=contact.complainant,
                accessibility_needs=contact.accessibility_needs,
                audience=contact.audience,
                summary=contact.summary,
                has_address=contact.address_ciphertext is not None,
                messages=len(contact.messages),
                notes=len(contact.notes),
            )
            audit.record(session, "system", "contact_viewed", contact_id=contact.id)
    finally:
        engine.dispose()
    print(json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True))
    return 0


@guarded
def contacts_erase(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import Engine

    from bot.store import retention

    engine, factory = open_database(settings)
    tracker = _tracker(settings)
    try:
        counts = retention.erase(factory, tracker, args.id, actor="system", spool_path=Path(settings.spool_path))
    finally:
        engine.dispose()
        if isinstance(tracker, Engine):
            tracker.dispose()
    print(f"erased contact {args.id}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    return 0


# --- purge and report -------------------------------------------------------------------------


@guarded
def purge(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import Engine

    from bot.store import retention

    period = parse_period(args.older_than) if args.older_than else dt.timedelta(days=settings.retention_days)
    engine, factory = open_database(settings)
    tracker = _tracker(settings)
    try:
        result = retention.purge(
            factory,
            tracker,
            older_than=period,
            dry_run=args.dry_run,
            actor="system",
            spool_path=Path(settings.spool_path),
        )
    finally:
        engine.dispose()
        if isinstance(tracker, Engine):
            tracker.dispose()
    verb = "would delete" if result.dry_run else "deleted"
    counts = {**result.counts, "tracker_events": result.tracker_events}
    print(f"contacts with no activity since {result.cutoff:%Y-%m-%d %H:%M} UTC: {verb}")
    for name, number in counts.items():
        print(f"  {name:<15} {number:>7}")
    return 0


@guarded
def report(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store.repositories.report import build_report, format_report

    since = parse_date(args.since) if args.since else None
    engine, factory = open_database(settings)
    try:
        with factory.begin() as session:
            figures = build_report(session, since=since)
    finally:
        engine.dispose()
    if args.format == "json":
        print(json.dumps(figures, indent=2, sort_keys=True))
    else:
        sys.stdout.write(format_report(figures))
    return 0


# --- the parser -------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the contact-log sub-commands to `python -m bot`."""
    db = subparsers.add_parser("db", help="migrate the contact log database")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", help="apply all migrations (alembic upgrade head)").set_defaults(
        handler=db_upgrade
    )
    db_commands.add_parser("check", help="fail if the models need a migration (alembic check)").set_defaults(
        handler=db_check
    )

    contacts = subparsers.add_parser("contacts", help="export, show or erase contacts")
    contact_commands = contacts.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)
    export = contact_commands.add_parser("export", help="one JSON object per contact on stdout")
    export.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format (default jsonl)")
    export.add_argument("--since", metavar="YYYY-MM-DD", help="only contacts started on or after this day (UTC)")
    export.add_argument(
        "--include-address", action="store_true", help="add decrypted phone numbers / chat ids (audited)"
    )
    export.set_defaults(handler=contacts_export)
    show = contact_commands.add_parser("show", help="one contact's record as JSON, without its address (audited)")
    show.add_argument("id", help="contact id")
    show.set_defaults(handler=contacts_show)
    erase = contact_commands.add_parser(
        "erase", help="delete a contact, its transcript, handoffs, notes and Rasa tracker events (audited)"
    )
    erase.add_argument("id", help="contact id")
    erase.set_defaults(handler=contacts_erase)

    purge_parser = subparsers.add_parser(
        "purge", help="delete contacts past retention, with transcripts and tracker events (audited)"
    )
    purge_parser.add_argument("--older-than", metavar="PERIOD", help="e.g. 90d or 12w (default: RETENTION_DAYS days)")
    purge_parser.add_argument("--dry-run", action="store_true", help="print what would be deleted, delete nothing")
    purge_parser.set_defaults(handler=purge)

    report_parser = subparsers.add_parser("report", help="contacts per day/channel/route/force and handoff waits")
    report_parser.add_argument("--since", metavar="YYYY-MM-DD", help="only contacts started on or after this day")
    report_parser.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    report_parser.set_defaults(handler=report)
