"""The layers import one way, so each can change without breaking those below it.

The rules (docs/architecture.md draws them):
- vocabulary/ imports only the standard library, so every process can use it;
- actions/ and rasa_ext/ never import the gateway: only vocabulary/ and the few bot/ parts the
  action server shares (settings, the contact log, observability);
- inside the gateway, channels → routing → store: the store never imports routing or any edge
  (channels, console, widget, command line), and routing never imports an edge.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from bot.settings import ROOT

EDGES = ("bot.channels", "bot.console", "bot.widget", "bot.cli", "bot.app", "bot.routes")
SHARED_WITH_ACTIONS = (
    "vocabulary",
    "actions",
    "bot.settings",
    "bot.store",
    "bot.observability",
    "bot.conversation_ids",
)
RULES: dict[str, tuple[str, ...]] = {
    # package: the only first-party imports it may have ("" = third party allowed, first party limited)
    "actions": SHARED_WITH_ACTIONS,
    "rasa_ext": ("vocabulary", "rasa_ext", "bot.observability"),
}
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "bot/store": ("bot.routing", "bot.rasa_client", *EDGES),
    "bot/routing": EDGES,
}
FIRST_PARTY = ("bot", "actions", "rasa_ext", "vocabulary")


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module `path` imports, anywhere in it (inside functions too), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            # `from bot import cli` imports bot.cli
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _under(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _python_files(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def _is_module(name: str) -> bool:
    """True for `bot.store` or `bot.store.models`; False for a name imported from a module."""
    path = ROOT / name.replace(".", "/")
    return path.is_dir() or path.with_suffix(".py").is_file()


def test_vocabulary_uses_the_standard_library_only() -> None:
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _python_files("vocabulary")
        for line, module in _imports(path)
        if module.split(".")[0] not in sys.stdlib_module_names and not _under(module, ("vocabulary", "__future__"))
    ]
    assert not bad, bad


@pytest.mark.parametrize("package", sorted(RULES))
def test_actions_and_rasa_components_never_import_the_gateway(package: str) -> None:
    allowed = RULES[package]
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _python_files(package)
        for line, module in _imports(path)
        if _under(module, FIRST_PARTY) and _is_module(module) and not _under(module, allowed)
    ]
    assert not bad, bad


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_the_gateway_layers_import_one_way(folder: str) -> None:
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _python_files(folder)
        for line, module in _imports(path)
        if _under(module, FORBIDDEN[folder])
    ]
    assert not bad, bad
