"""The console's reference cannot drift from the code: routes, CLI, settings, accessibility criteria."""

from __future__ import annotations

import argparse
import re

from bot.cli.staff import register
from bot.console.templating import TEMPLATES_DIR
from bot.settings import ROOT

DOC = (ROOT / "docs" / "staff-console.md").read_text()


def test_every_console_route_is_documented(console) -> None:
    from bot.console.appkeys import CONSOLE

    app = console.app
    paths = [("GET", "/staff")]
    for resource in app[CONSOLE].router.resources():
        for route in resource:
            if route.method != "HEAD":
                paths.append((route.method, resource.canonical))
    assert len(paths) > 20
    for method, path in paths:
        # Route patterns' regular expressions are left out of the doc: {contact_id:[…]} → {contact_id}.
        readable = re.sub(r"\{(\w+):[^{}]*(\{[^{}]*\}[^{}]*)*\}", r"{\1}", path)
        assert f"`{method} {readable}`" in DOC, f"{method} {readable} is not in docs/staff-console.md"


def test_every_staff_command_and_option_is_documented() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())

    def subcommands(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        return next(a for a in p._actions if isinstance(a, argparse._SubParsersAction)).choices

    actions = subcommands(subcommands(parser)["staff"])
    for name, sub in actions.items():
        assert f"`staff {name}" in DOC, name
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert f"`{option}" in DOC, f"staff {name} {option}"


def test_console_settings_are_explained() -> None:
    for env in ("STAFF_SESSION_MINUTES", "STAFF_LOGIN_ATTEMPTS", "STAFF_LOCKOUT_MINUTES", "PUBLIC_BASE_URL"):
        assert env in DOC


def test_every_page_template_has_accessibility_criteria_next_to_it() -> None:
    pages = [p for p in TEMPLATES_DIR.glob("*.html") if not p.name.startswith("_")]
    assert len(pages) >= 8
    for page in pages:
        criteria = TEMPLATES_DIR / f"{page.stem}.criteria.md"
        assert criteria.exists(), f"{page.name} needs {criteria.name}"
        assert "must:" in criteria.read_text()
    for criteria in TEMPLATES_DIR.glob("*.criteria.md"):
        assert (TEMPLATES_DIR / criteria.name.replace(".criteria.md", ".html")).exists(), f"{criteria.name} has no page"


def test_every_partial_template_names_the_criteria_it_serves() -> None:
    # Partials (_*.html: shared macros, fragments for live updates) are held to their pages' criteria.
    for partial in TEMPLATES_DIR.glob("_*.html"):
        named = re.findall(r"(\w+)\.criteria\.md", partial.read_text())
        assert named, f"{partial.name} should say which criteria it serves"
        for name in named:
            assert (TEMPLATES_DIR / f"{name}.criteria.md").exists(), f"{partial.name}: no {name}.criteria.md"
