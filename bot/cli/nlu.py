"""`python -m bot nlu corrections`: staff's route corrections as NLU YAML for a person to review."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.cli.errors import CommandError
from bot.cli.store import guarded, open_database, parse_date
from bot.settings import ROOT, Settings

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


@guarded
def corrections(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import nlu_export
    from bot.store.base import utcnow
    from bot.store.repositories import audit
    from bot.store.repositories.corrections import corrected_examples

    since = parse_date(args.since) if args.since else None
    path = _export_path(args.out) if args.out else None
    engine, factory = open_database(settings)
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


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `nlu` sub-commands to `python -m bot`."""
    nlu = subparsers.add_parser("nlu", help="material for improving the assistant's understanding (never retrains)")
    nlu_commands = nlu.add_subparsers(dest="nlu_command", metavar="ACTION", required=True)
    parser = nlu_commands.add_parser(
        "corrections",
        help="messages staff marked as wrongly routed, personal details removed, as Rasa NLU YAML to review (audited)",
    )
    parser.add_argument(
        "--since", metavar="YYYY-MM-DD", help="only corrections made or changed on or after this day (UTC)"
    )
    parser.add_argument(
        "--out", metavar="FILE", help="write to FILE (created readable by you only) instead of standard output"
    )
    parser.set_defaults(handler=corrections)
