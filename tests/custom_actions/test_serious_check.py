"""The backstop for unclear messages that describe something serious involving the police."""

import pytest

from bot.safety.serious import looks_serious


@pytest.mark.parametrize(
    "text",
    [
        "my brother died in a police cell last night and nobody will tell us anything",
        "police car hit my son hes in intensive care",
        "they took me to the station n made me take my clothes off im 15",
        "The officer who took my statement keeps messaging me",
        "my dad was tasered and hes in hospital",
    ],
)
def test_serious(text: str) -> None:
    assert looks_serious(text)


@pytest.mark.parametrize("text", ["how do i complain about a rude officer", "I was killing time at the station", "asdf qwer"])
def test_not_serious(text: str) -> None:
    assert not looks_serious(text)
