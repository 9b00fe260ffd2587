"""`python -m bot db|contacts|purge|report`: migrations, export, erasure, retention and figures."""

from __future__ import annotations

import argparse
from typing import Callable

from bot.settings import Settings

Handler = Callable[[argparse.Namespace, Settings], int]


def _lazy(name: str) -> Handler:
    # SQLAlchemy, Alembic and cryptography take most of a second to import; `python -m bot --help`
    # and the other sub-commands should not pay for them.
    def handler(args: argparse.Namespace, settings: Settings) -> int:
        from bot.store import cli_impl

        return getattr(cli_impl, name)(args, settings)

    handler.__name__ = name
    return handler


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the contact-log sub-commands to `python -m bot`."""
    db = subparsers.add_parser("db", help="migrate the contact log database")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", help="apply all migrations (alembic upgrade head)").set_defaults(
        handler=_lazy("db_upgrade")
    )
    db_commands.add_parser("check", help="fail if the models need a migration (alembic check)").set_defaults(
        handler=_lazy("db_check")
    )

    contacts = subparsers.add_parser("contacts", help="export, show or erase contacts")
    contact_commands = contacts.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)
    export = contact_commands.add_parser("export", help="one JSON object per contact on stdout")
    export.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format (default jsonl)")
    export.add_argument("--since", metavar="YYYY-MM-DD", help="only contacts started on or after this day (UTC)")
    export.add_argument(
        "--include-address", action="store_true", help="add decrypted phone numbers / chat ids (audited)"
    )
    export.set_defaults(handler=_lazy("contacts_export"))
    show = contact_commands.add_parser("show", help="one contact's record as JSON, without its address (audited)")
    show.add_argument("id", help="contact id")
    show.set_defaults(handler=_lazy("contacts_show"))
    erase = contact_commands.add_parser(
        "erase", help="delete a contact, its transcript, handoffs, notes and Rasa tracker events (audited)"
    )
    erase.add_argument("id", help="contact id")
    erase.set_defaults(handler=_lazy("contacts_erase"))

    purge_parser = subparsers.add_parser(
        "purge", help="delete contacts past retention, with transcripts and tracker events (audited)"
    )
    purge_parser.add_argument(
        "--older-than", metavar="PERIOD", help="e.g. 90d or 12w (default: RETENTION_DAYS days)"
    )
    purge_parser.add_argument("--dry-run", action="store_true", help="print what would be deleted, delete nothing")
    purge_parser.set_defaults(handler=_lazy("purge"))

    report_parser = subparsers.add_parser("report", help="contacts per day/channel/route/force and handoff waits")
    report_parser.add_argument("--since", metavar="YYYY-MM-DD", help="only contacts started on or after this day")
    report_parser.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    report_parser.set_defaults(handler=_lazy("report"))
