"""`python -m bot nlu corrections`: staff's route corrections as NLU YAML for a person to review."""

from __future__ import annotations

import argparse

from bot.settings import Settings


def _corrections(args: argparse.Namespace, settings: Settings) -> int:
    # Imported only when run: SQLAlchemy and friends would slow every other sub-command.
    from bot.store import cli_impl

    return cli_impl.nlu_corrections(args, settings)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `nlu` sub-commands to `python -m bot`."""
    nlu = subparsers.add_parser("nlu", help="material for improving the assistant's understanding (never retrains)")
    nlu_commands = nlu.add_subparsers(dest="nlu_command", metavar="ACTION", required=True)
    corrections = nlu_commands.add_parser(
        "corrections",
        help="messages staff marked as wrongly routed, personal details removed, as Rasa NLU YAML to review (audited)",
    )
    corrections.add_argument(
        "--since", metavar="YYYY-MM-DD", help="only corrections made or changed on or after this day (UTC)"
    )
    corrections.add_argument(
        "--out", metavar="FILE", help="write to FILE (created readable by you only) instead of standard output"
    )
    corrections.set_defaults(handler=_corrections)
