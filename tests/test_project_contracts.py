"""The contracts between the domain, the actions, the intent list and the documentation."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from rasa_sdk import Action
from rasa_sdk.executor import ActionExecutor

import actions
from bot.domain import load_domain
from bot.settings import ROOT, documented_settings

DOMAIN = load_domain()


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _action_classes() -> list[type]:
    classes = []
    for module_info in pkgutil.iter_modules(actions.__path__):
        module = importlib.import_module(f"actions.{module_info.name}")
        classes += [c for _, c in inspect.getmembers(module, inspect.isclass) if issubclass(c, Action) and c.__module__ == module.__name__]
    return classes


def test_every_action_is_in_the_domain_and_named_after_its_class() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(DOMAIN["actions"])
    for cls in _action_classes():
        name = cls().name()
        assert cls.__name__ == _camel(name), f"{cls.__name__} should be {_camel(name)} for {name}"
        assert cls.__doc__, f"{cls.__name__} needs a one-line docstring"


def test_every_intent_is_documented_with_its_meaning() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", (ROOT / "docs" / "intents.md").read_text(), re.M))
    assert documented == set(DOMAIN["intents"])


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "settings.md").read_text()
    missing = [env for env, _default, _help in documented_settings() if f"`{env}`" not in text]
    assert not missing, f"add these to docs/settings.md: {missing}"
