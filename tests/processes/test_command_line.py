"""`python -m bot`: every mistake is one line on standard error and exit status 2, and the command
line is one package that nothing else in the service imports."""

from __future__ import annotations

import argparse
import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import ROOT
from bot.supervisor import local_settings


@pytest.mark.parametrize(
    ("argv", "setting", "says"),
    [
        ([], None, "the following arguments are required: COMMAND"),
        (["no-such-command"], None, "invalid choice: 'no-such-command'"),
        (["purge", "--older-than"], None, "--older-than: expected one argument"),
        (["staff", "add", "sam"], None, "the following arguments are required: --name"),
        (["serve-production-shape", "--database", "Bad-Name"], None, "--database: must be lowercase letters"),
        (["purge", "--older-than", "soon"], None, "--older-than must be a number of days or weeks"),
        (["report"], ("RETENTION_DAYS", "ninety"), "RETENTION_DAYS must be a number, not 'ninety'."),
        (["report"], ("DATABASE_URL", "mysql://root@127.0.0.1/x"), "must be a sqlite:// or postgresql://"),
        (["serve"], ("SESSION_SECRET", "short"), "SESSION_SECRET is too short"),
        (["serve"], ("RASA_WORKERS", "many"), "RASA_WORKERS must be a number, not 'many'."),
    ],
)
def test_a_bad_argument_or_setting_is_one_line_on_stderr_and_exit_2(
    tmp_path: Path, argv: list[str], setting: tuple[str, str] | None, says: str
) -> None:
    env = {**local_settings(tmp_path).to_env(), "PATH": "/usr/bin:/bin", **dict([setting] if setting else [])}
    done = subprocess.run(
        [sys.executable, "-m", "bot", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and says in lines[0], lines[0]
    assert done.stdout == ""


def test_every_command_has_a_handler_function() -> None:
    from bot.cli.main import build_parser

    def leaves(parser: argparse.ArgumentParser, name: str) -> list[tuple[str, argparse.ArgumentParser]]:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            return [(name, parser)]
        return [leaf for sub, child in subs[0].choices.items() for leaf in leaves(child, f"{name} {sub}".strip())]

    commands = leaves(build_parser(), "")
    assert len(commands) == 17, [name for name, _ in commands]
    for name, parser in commands:
        handler = parser.get_default("handler")
        assert inspect.isfunction(handler), (name, handler)


def test_the_command_line_package_has_no_import_cycle() -> None:
    """Only `bot/__main__.py` imports `bot.cli`; inside it, `main` imports the command groups and
    they import only `bot.cli.errors` (and `nlu` the store group's helpers)."""
    outside = []
    for path in (ROOT / "bot").rglob("*.py"):
        relative = path.relative_to(ROOT)
        imported = _bot_imports(path)
        if relative.parts[:2] != ("bot", "cli") and relative != Path("bot/__main__.py"):
            outside += [f"{relative}: {name}" for name in imported if name.startswith("bot.cli")]
    assert outside == []
    for path in (ROOT / "bot" / "cli").glob("*.py"):
        if path.stem in ("main", "__init__"):
            continue
        allowed = {"bot.cli.errors", "bot.cli.store"} if path.stem == "nlu" else {"bot.cli.errors"}
        assert {name for name in _bot_imports(path) if name.startswith("bot.cli")} <= allowed, path.name


def _bot_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module == "bot.cli":  # `from bot.cli import store`
            names.update(f"bot.cli.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names
