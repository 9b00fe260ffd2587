"""How a new route replaces the current one."""

import pytest

from vocabulary.routes import next_route


@pytest.mark.parametrize(
    ("current", "new", "expected"),
    [
        (None, "information", "information"),
        ("complain_to_force", "information", "complain_to_force"),
        ("information", "complain_to_force", "complain_to_force"),
        ("review", "out_of_scope", "review"),
        ("complain_to_force", "human_requested", "human_requested"),
        ("emergency", "human_requested", "emergency"),
        ("serious_incident", "human_requested", "serious_incident"),
        ("complain_to_force", "emergency", "emergency"),
        ("emergency", "complain_to_force", "complain_to_force"),
        ("information", "out_of_scope", "out_of_scope"),
    ],
)
def test_next_route(current, new, expected) -> None:
    assert next_route(current, new) == expected
