"""The contracts between the domain, the actions, the intent list and the documentation."""

from __future__ import annotations

import importlib
import inspect
import itertools
import pkgutil
import re

import yaml
from rasa_sdk import Action
from rasa_sdk.executor import ActionExecutor

import actions
from bot.domain import load_domain
from bot.settings import ROOT, documented_settings
from rasa_ext.next_guess import FALLBACK_THRESHOLD

DOMAIN = load_domain()


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _action_classes() -> list[type]:
    classes = []
    for module_info in pkgutil.iter_modules(actions.__path__):
        module = importlib.import_module(f"actions.{module_info.name}")
        classes += [
            c
            for _, c in inspect.getmembers(module, inspect.isclass)
            if issubclass(c, Action) and c.__module__ == module.__name__
        ]
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


def test_a_guess_set_aside_falls_back_where_the_fallback_classifier_does() -> None:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text("utf-8"))["pipeline"]
    (threshold,) = [c["threshold"] for c in pipeline if c["name"] == "FallbackClassifier"]
    assert threshold == FALLBACK_THRESHOLD


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "settings.md").read_text()
    missing = [env for env, _default, _help in documented_settings() if f"`{env}`" not in text]
    assert not missing, f"add these to docs/settings.md: {missing}"


def test_each_next_steps_response_is_named_after_a_route_and_chosen_by_that_route() -> None:
    routes = set(DOMAIN["slots"]["triage_outcome"]["values"])
    named = {
        name.removeprefix("utter_next_steps_") for name in DOMAIN["responses"] if name.startswith("utter_next_steps")
    }
    assert named <= routes, f"not routes: {named - routes}"
    # After the complaint form, a rule per route picks the response by the route slot (data/rules/forms.yml).
    chosen: dict[str, str] = {}
    for rule in yaml.safe_load((ROOT / "data" / "rules" / "forms.yml").read_text(encoding="utf-8"))["rules"]:
        steps = rule["steps"]
        for slot_step, action_step in itertools.pairwise(steps):
            route = (slot_step.get("slot_was_set") or [{}])[0].get("triage_outcome")
            if route and str(action_step.get("action", "")).startswith("utter_next_steps"):
                chosen[route] = action_step["action"]
    assert chosen == {route: f"utter_next_steps_{route}" for route in named}


def _first_action_of_each_turn() -> list[tuple[str, str]]:
    """(rule or story name, the first action after each message) across data/rules and data/stories."""
    found = []
    for path in sorted((ROOT / "data").glob("*/*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for flow in document.get("rules", []) + document.get("stories", []):
            steps = flow["steps"]
            for index, step in enumerate(steps):
                if "intent" not in step and "or" not in step:
                    continue
                actions_after = (s["action"] for s in steps[index + 1 :] if "action" in s)
                first = next((a for a in actions_after if a != "action_deactivate_loop"), None)
                if first:
                    found.append((flow.get("rule") or flow.get("story"), first))
    return found


def test_every_turn_starts_with_an_action_that_can_say_the_safety_line_first() -> None:
    # A message the NLU marks as possible danger hears 999 before anything else (docs/conversation.md),
    # so no rule or story may answer a message with a plain response first.
    by_name = {cls().name(): cls for cls in _action_classes()}
    by_name["complaint_form"] = by_name["validate_complaint_form"]  # the form checks each answer first
    says_999 = {"action_respond_to_danger"}
    turns = _first_action_of_each_turn()
    assert len(turns) > 40
    wrong = {
        (flow, action)
        for flow, action in turns
        if action not in says_999 and (action not in by_name or "safety_net(" not in inspect.getsource(by_name[action]))
    }
    assert not wrong, f"start these turns with action_triage (or call safety_net): {sorted(wrong)}"
