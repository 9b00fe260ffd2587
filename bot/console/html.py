"""Minimal HTML templating that escapes by default (Jinja2 is not installed, on purpose).

Templates are `string.Template` files in `templates/`; every value substituted into them is
escaped unless it is `Markup` (HTML this package built itself, from escaped parts). Text from the
public therefore cannot become markup without someone writing `Markup(...)` around it, which a
reviewer can see.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from string import Template
from typing import Iterable, Mapping

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class Markup(str):
    """A string that is already safe HTML; `escape` leaves it alone."""

    __slots__ = ()


def escape(value: object) -> Markup:
    """`value` as HTML text (quotes too, so it is safe inside attributes); Markup passes through."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(html.escape(str(value), quote=True))


def join(parts: Iterable[object], separator: str = "") -> Markup:
    """Escape each part and join them."""
    return Markup(separator.join(escape(p) for p in parts))


def attrs(**values: object) -> Markup:
    """HTML attributes from keywords (`class_` → class, `aria_label` → aria-label).

    True gives a bare attribute, False/None leaves it out; values are escaped.
    """
    out = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        out.append(f" {name}" if value is True else f' {name}="{escape(value)}"')
    return Markup("".join(out))


def tag(name: str, content: object = "", **attributes: object) -> Markup:
    """One element, its content escaped (unless Markup)."""
    return Markup(f"<{name}{attrs(**attributes)}>{escape(content)}</{name}>")


class Page:
    """One template file; `render(**values)` escapes every value that is not Markup."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.template = Template(text)
        self.placeholders = frozenset(
            m.group("named") or m.group("braced")
            for m in self.template.pattern.finditer(text)
            if m.group("named") or m.group("braced")
        )

    def render(self, **values: object) -> Markup:
        missing = self.placeholders - values.keys()
        if missing:
            # A typo in a template must fail loudly in tests, not render "$name" to staff.
            raise KeyError(f"{self.name}: no value for {sorted(missing)}")
        return Markup(self.template.substitute({k: escape(v) for k, v in values.items()}))


# HTML comments are for template authors; they never reach the browser.
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)


def load_templates(directory: Path = TEMPLATES_DIR) -> Mapping[str, Page]:
    """Every `*.html` template in `directory`, by file stem."""
    return {
        path.stem: Page(path.stem, _COMMENT.sub("", path.read_text("utf-8")))
        for path in sorted(directory.glob("*.html"))
    }
