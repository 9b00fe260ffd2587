"""The Rasa domain (domain/*.yml, one file per topic) read as one dict, merged the way Rasa merges it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.settings import ROOT

DOMAIN = ROOT / "domain"
# The keys Rasa merges across files (rasa/shared/core/domain.py `merge_domain_dicts`); anything else,
# such as each file's `slot_conditions` (the YAML anchors its variations name), is for that file only.
LISTS = ("intents", "entities", "actions")
MAPPINGS = ("slots", "forms", "responses", "session_config")


def load_domain(path: Path = DOMAIN) -> dict[str, Any]:
    """Every intent, entity, action, slot, form and response in `path` (a directory or one file).

    Raises OSError if `path` does not exist, yaml.YAMLError if a file does not parse, and ValueError
    if two files define the same name (which Rasa would only warn about, keeping one at random).
    """
    if not path.exists():
        raise FileNotFoundError(path)
    files = sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml")) if path.is_dir() else [path]
    merged: dict[str, Any] = {}
    for file in files:
        part = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for key in LISTS:
            known = merged.setdefault(key, [])
            again = {str(item) for item in known} & {str(item) for item in part.get(key) or []}
            if again:
                raise ValueError(f"{file.name}: {key} defined twice: {', '.join(sorted(again))}")
            known += part.get(key) or []
        for key in MAPPINGS:
            known = merged.setdefault(key, {})
            again = set(known) & set(part.get(key) or {})
            if again:
                raise ValueError(f"{file.name}: {key} defined twice: {', '.join(sorted(again))}")
            known.update(part.get(key) or {})
    return merged
