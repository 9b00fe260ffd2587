"""`python -m bot`: the parser, made from each command group's `register`, and `main`.

Every error is one line on standard error, `error: …`, and exit status 2: a bad argument, a bad
setting, a part of the service that did not start or train, or a command's own CommandError.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from bot.cli import gateway, nlu, serve, staff, store
from bot.cli.errors import CommandError
from bot.model import TrainingFailed
from bot.observability import logs
from bot.settings import SettingsError, load_settings
from bot.supervisor import StartupError

# In help order; each adds sub-commands whose handlers take (args, settings) and return an exit code.
GROUPS = (serve, gateway, store, staff, nlu)
USAGE_ERROR = 2


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line (argparse prints the usage first): see `--help`."""

    def error(self, message: str) -> NoReturn:
        print(f"error: {self.prog}: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(USAGE_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="python -m bot",
        description="The police-complaints triage assistant: serve it, look after its contact log and staff accounts.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in GROUPS:
        group.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # Databases, logs, spools and exports this process creates are for its owner only.
        os.umask(0o077)
        settings = load_settings()
        logs.configure(settings.log_level, settings.log_format)
        return int(args.handler(args, settings) or 0)
    except (CommandError, SettingsError, StartupError, TrainingFailed) as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE_ERROR
