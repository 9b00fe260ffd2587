"""The command line: each capability registers its own sub-commands here."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, Sequence

from bot.observability import logs
from bot.settings import SettingsError, load_settings

# Each entry adds sub-commands to the parser; handlers take (args, settings) and return an exit code.
Registrar = Callable[[argparse._SubParsersAction], None]


class CommandError(Exception):
    """A user mistake (bad id, bad date, unreachable database): one clear line, exit code 2."""


def _registrars() -> list[Registrar]:
    from bot import commands

    return commands.REGISTRARS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in _registrars():
        register(subparsers)
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
    except (CommandError, SettingsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
