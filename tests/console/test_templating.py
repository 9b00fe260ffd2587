"""The console's templates: Jinja2 with autoescaping, nothing marked safe, and mistakes that fail loudly."""

from __future__ import annotations

import re

import jinja2
import pytest
from aiohttp import web

from bot.console.templating import TEMPLATES_DIR, setup_templates

TEMPLATES = sorted(TEMPLATES_DIR.glob("*.html"))


@pytest.fixture
def env() -> jinja2.Environment:
    return setup_templates(web.Application())


def test_values_are_escaped_in_text_and_in_attributes(env: jinja2.Environment) -> None:
    out = env.from_string('<p title="{{ v }}">{{ v }}</p>').render(v="\"'<b>&")
    assert out == '<p title="&#34;&#39;&lt;b&gt;&amp;">&#34;&#39;&lt;b&gt;&amp;</p>'


def test_a_missing_value_fails_loudly(env: jinja2.Environment) -> None:
    # A typo in a template must fail in the tests, not render as nothing in front of staff.
    with pytest.raises(jinja2.UndefinedError, match="body"):
        env.from_string("{{ title }} {{ body }}").render(title="x")


def test_every_template_compiles(env: jinja2.Environment) -> None:
    assert len(TEMPLATES) >= 10
    for path in TEMPLATES:
        env.get_template(path.name)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_template_turns_escaping_off_or_sends_comments(path) -> None:
    text = path.read_text()
    # Nothing is marked safe: every value, whoever wrote it, is escaped on the way out.
    assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup\(", text), path.name
    # Notes for template authors are Jinja comments, which never reach the browser.
    assert "<!--" not in text, path.name


def test_the_error_summary_links_each_error_to_its_field(env: jinja2.Environment) -> None:
    ui = env.get_template("_macros.html").module
    summary = str(ui.error_summary({"username": "Enter your <username>"}))
    assert 'role="alert"' in summary and '<a href="#username">Enter your &lt;username&gt;</a>' in summary
    error = str(ui.field_error("username", {"username": "Wrong"}))
    assert error == '<p class="error-message" id="username-error"><span class="visually-hidden">Error:</span> Wrong</p>'
    assert (
        str(ui.invalid("username", {"username": "Wrong"})) == ' aria-invalid="true" aria-describedby="username-error"'
    )
    assert str(ui.error_summary({})).strip() == "" and str(ui.field_error("x", {})).strip() == ""
