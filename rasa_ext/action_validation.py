"""Check action server responses with a JSON Schema validator built once.

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)`, which
re-checks Rasa's constant response schema against the JSON Schema meta-schema on every custom action
call: about half of Rasa's CPU per message here (docs/benchmarks.md). Responses are still checked
against the same schema; an invalid one still raises Rasa's own, fully worded `ValidationError`.
"""

from __future__ import annotations

from typing import Any, Dict


def install() -> None:
    """Replace RemoteAction._validate_action_result with one that reuses a single validator."""
    from jsonschema import exceptions
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction._validate_action_result, "cached_validator", False):
        return
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, as validate() would on every call
    validator = cls(schema)
    rasa_own = RemoteAction._validate_action_result

    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        if exceptions.best_match(validator.iter_errors(result)) is None:
            return True
        return rasa_own(self, result)  # invalid: Rasa raises its own error, with its own wording

    _validate_action_result.cached_validator = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result
