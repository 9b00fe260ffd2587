"""The contact-log reference documents every command and option the CLI offers."""

from __future__ import annotations

import argparse

from bot.cli.nlu import register as register_nlu
from bot.cli.store import register
from bot.settings import ROOT

DOC = ROOT / "docs" / "contact-log.md"


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.update(_commands(sub, f"{prefix} {name}".strip()))
            return found
    found[prefix] = [opt for a in parser._actions for opt in a.option_strings if opt not in ("-h", "--help")]
    return found


def test_every_contact_log_command_and_option_is_documented() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    text = DOC.read_text()
    commands = _commands(parser)
    assert {"db upgrade", "db check", "contacts export", "contacts show", "contacts erase", "purge", "report"} <= set(
        commands
    )
    for command, options in commands.items():
        assert f"`{command}" in text, command
        for option in options:
            assert f"`{option}" in text, f"{command} {option}"


def test_the_nlu_export_command_and_its_options_are_documented() -> None:
    parser = argparse.ArgumentParser()
    register_nlu(parser.add_subparsers())
    text = DOC.read_text()
    commands = _commands(parser)
    assert set(commands) == {"nlu corrections"}
    for command, options in commands.items():
        assert f"`{command}" in text, command
        for option in options:
            assert f"`{option}" in text, f"{command} {option}"
