"""The console's templating escapes by default; only Markup it built itself passes through."""

from __future__ import annotations

import pytest

from bot.console.html import Markup, Page, attrs, escape, load_templates, tag


def test_values_are_escaped_unless_they_are_markup() -> None:
    page = Page("t", "<p title=\"$title\">$body</p>$raw")
    out = page.render(title='" onmouseover="x', body="<b>&</b>", raw=Markup("<i>ok</i>"))
    assert out == '<p title="&quot; onmouseover=&quot;x">&lt;b&gt;&amp;&lt;/b&gt;</p><i>ok</i>'


def test_a_missing_value_fails_loudly() -> None:
    with pytest.raises(KeyError, match="body"):
        Page("t", "$title $body").render(title="x")


def test_helpers_escape_content_and_attributes() -> None:
    assert tag("a", "<x>", href='/?a="b"') == '<a href="/?a=&quot;b&quot;">&lt;x&gt;</a>'
    assert attrs(hidden=True, data_id=3, aria_label=None, class_="c") == ' hidden data-id="3" class="c"'
    assert escape(None) == ""
    assert escape(Markup("<br>")) == "<br>"


def test_template_comments_never_reach_the_browser() -> None:
    for name, page in load_templates().items():
        assert "<!--" not in page.template.template, name
