"""What the widget routes serve, built once when the app is made: the widget's ES modules (with its
words from texts/widget.json as one more module), the /widget.js loader and the page's URLs."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.settings import Settings
from vocabulary import texts

STATIC_DIR = Path(__file__).resolve().parent / "static"
MODULES_DIR = STATIC_DIR / "js"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_PREFIX = "/static/widget"
MODULES_PREFIX = STATIC_PREFIX + "/js"

# The module strings.js imports the words from; it is made from texts/widget.json, not kept on disk.
TEXTS_MODULE = "texts.js"
# The placeholder in widget.js that /widget.js fills with the gateway's settings.
_DEFAULTS_MARKER = "/*SERVER_DEFAULTS*/ {}"


@dataclass(frozen=True)
class WidgetAssets:
    """Everything the widget routes serve."""

    version: str  # of the modules together: one release's modules never mix with another's
    modules: dict[str, bytes]
    widget_js: bytes
    settings: dict[str, Any]  # what the widget needs from Settings, for the page's script tag
    urls: dict[str, Any]  # for the templates
    files: dict[str, Path]  # the stylesheets


def _version(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:12]


def widget_texts() -> dict[str, dict[str, str]]:
    """The widget's words by language ("en", "cy"); the loader has already dropped the "#" notes."""
    return dict(texts.load("widget"))


def _texts_module() -> bytes:
    # Escaping "<" keeps the JSON inert even if the module were ever inlined into HTML.
    body = json.dumps(widget_texts(), ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f"// Made by the gateway from texts/widget.json (bot/widget/assets.py).\nexport default {body};\n".encode()


def build_assets(settings: Settings) -> WidgetAssets:
    """The modules, the loader and the URLs, from the files and this gateway's settings."""
    modules = {path.name: path.read_bytes() for path in sorted(MODULES_DIR.glob("*.js"))}
    if TEXTS_MODULE in modules:
        raise RuntimeError(f"{MODULES_DIR / TEXTS_MODULE} would hide the words made from texts/widget.json")
    modules[TEXTS_MODULE] = _texts_module()
    version = _version(*(name.encode() + b"\0" + body for name, body in sorted(modules.items())))
    base = f"{MODULES_PREFIX}/{version}"
    files = {path.name: path for path in STATIC_DIR.glob("*.css")}
    css = {name: f"{STATIC_PREFIX}/{name}?v={_version(path.read_bytes())}" for name, path in files.items()}
    widget_settings = {
        "exitUrl": settings.exit_url,
        "stylesheet": css["widget.css"],
        "retentionDays": settings.retention_days,
        "maxChars": settings.max_message_chars,
    }
    loader_defaults = {
        **widget_settings,
        "module": f"{base}/main.js",
        "preload": [f"{base}/{name}" for name in sorted(modules) if name != "page.js"],
    }
    source = (STATIC_DIR / "widget.js").read_text("utf-8")
    if _DEFAULTS_MARKER not in source:
        raise RuntimeError("widget.js lost its SERVER_DEFAULTS placeholder")
    # Safe inside a <script> context whatever the values hold.
    defaults_js = json.dumps(loader_defaults).replace("<", "\\u003c")
    urls = {
        "widget_css": css["widget.css"],
        "page_css": css["page.css"],
        "page_js": f"{base}/page.js",
        "modules": loader_defaults["preload"],
    }
    return WidgetAssets(
        version=version,
        modules=modules,
        widget_js=source.replace(_DEFAULTS_MARKER, defaults_js, 1).encode("utf-8"),
        settings=widget_settings,
        urls=urls,
        files=files,
    )
