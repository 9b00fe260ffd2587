"""What `python -m bot db|contacts|purge|report|nlu` do (imported only when one of them runs)."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import CommandError
from bot.settings import ROOT, Settings
from bot.store import migrate, nlu_export, retention
from bot.store.crypto import AddressCipher
from bot.store.errors import StoreError
from bot.store.repositories import audit
from bot.store.base import utcnow
from bot.store.repositories.contacts import get_contact
from bot.store.repositories.corrections import corrected_examples
from bot.store.repositories.export import contact_record, export_contacts, export_contacts_with_addresses
from bot.store.repositories.report import build_report, format_report
from bot.store.session import check_connection, create_engine_from_url, describe, make_sessionmaker, parse_url

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


def _guarded(handler: Handler) -> Handler:
    """Turn store failures into CommandError: one line on stderr and exit code 2, never a traceback."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace, settings: Settings) -> int:
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


def _open(settings: Settings) -> tuple[Engine, sessionmaker[Session]]:
    engine = create_engine_from_url(settings.database_url)
    check_connection(engine)
    return engine, make_sessionmaker(engine)


def _tracker(settings: Settings) -> retention.Tracker:
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


@_guarded
def db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    engine, _ = _open(settings)
    where = describe(engine)
    engine.dispose()
    migrate.upgrade(settings.database_url)
    print(f"database at {where} is up to date")
    return 0


@_guarded
def db_check(args: argparse.Namespace, settings: Settings) -> int:
    engine, _ = _open(settings)
    engine.dispose()
    migrate.check(settings.database_url)
    print("models and migrations agree")
    return 0


# --- contacts ---------------------------------------------------------------------------------


def _write_jsonl(records: Any) -> None:
    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


@_guarded
def contacts_export(args: argparse.Namespace, settings: Settings) -> int:
    since = parse_date(args.since) if args.since else None
    engine, factory = _open(settings)
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


@_guarded
def contacts_show(args: argparse.Namespace, settings: Settings) -> int:
    engine, factory = _open(settings)
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


@_guarded
def contacts_erase(args: argparse.Namespace, settings: Settings) -> int:
    engine, factory = _open(settings)
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


@_guarded
def purge(args: argparse.Namespace, settings: Settings) -> int:
    period = parse_period(args.older_than) if args.older_than else dt.timedelta(days=settings.retention_days)
    engine, factory = _open(settings)
    tracker = _tracker(settings)
    try:
        result = retention.purge(
            factory, tracker, older_than=period, dry_run=args.dry_run, actor="system",
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


@_guarded
def report(args: argparse.Namespace, settings: Settings) -> int:
    since = parse_date(args.since) if args.since else None
    engine, factory = _open(settings)
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


# --- nlu --------------------------------------------------------------------------------------

# Rasa trains on everything under data/: an unreviewed export must never land there.
TRAINING_DATA = ROOT / "data"


def _export_path(text: str) -> Path:
    path = Path(text).expanduser().resolve()
    if path == TRAINING_DATA or TRAINING_DATA in path.parents:
        raise CommandError(
            "write the export outside data/: a person must review it before any line is added to data/nlu/."
        )
    if not path.parent.is_dir():
        raise CommandError(f"--out: the folder {path.parent} does not exist.")
    if path.is_dir():
        raise CommandError(f"--out: {path} is a folder; give a file name.")
    return path


def _write_private(path: Path, text: str) -> None:
    # Redaction is a first pass, so the file may still identify someone: readable by its owner only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


@_guarded
def nlu_corrections(args: argparse.Namespace, settings: Settings) -> int:
    since = parse_date(args.since) if args.since else None
    path = _export_path(args.out) if args.out else None
    engine, factory = _open(settings)
    try:
        with factory.begin() as session:
            export = nlu_export.build(corrected_examples(session, since=since))
            audit.record(
                session,
                "system",
                "nlu_corrections_exported",
                corrections=export.corrections,
                examples=export.written,
                since=since.isoformat() if since else None,
            )
    finally:
        engine.dispose()
    text = nlu_export.to_yaml(export, since=since, generated_at=utcnow())
    if path is None:
        sys.stdout.write(text)
        return 0
    try:
        _write_private(path, text)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from None
    print(
        f"wrote {export.written} examples for {len(export.examples)} intents to {path}; "
        "a person must review every line before any is added to data/nlu/",
        file=sys.stderr,
    )
    return 0
