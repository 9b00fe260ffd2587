"""`rasa` with one change, so the benchmarks can measure it: action server responses are checked by
a JSON Schema validator built once, instead of by `jsonschema.validate()` on every call.

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)`, and
that re-checks the (constant) schema against the JSON Schema meta-schema every time before checking
the response. Profiling Rasa under bench/load.py showed that check at about half of Rasa's CPU time.
Responses are still validated against the same schema, with the same error when one is invalid.

Run with the Rasa venv, exactly like `rasa`: `.venv-rasa/bin/python bench/rasa_cached_validation.py
run …`; `bench/load.py --patched-rasa` starts Rasa this way. See docs/benchmarks.md.
"""

from __future__ import annotations

import sys
from typing import Any, Dict


def install() -> None:
    """Replace RemoteAction._validate_action_result with one that reuses a single validator."""
    from jsonschema import exceptions
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, as validate() would on every call
    validator = cls(schema)
    original = RemoteAction._validate_action_result

    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        if exceptions.best_match(validator.iter_errors(result)) is None:
            return True
        return original(self, result)  # invalid: let Rasa raise its own, fully worded error

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


if __name__ == "__main__":
    install()
    from rasa.__main__ import main

    sys.argv[0] = "rasa"
    sys.exit(main())
