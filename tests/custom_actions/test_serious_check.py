"""The backstop for unclear messages that describe something serious involving the police."""

import pytest

from vocabulary.safety.serious import looks_serious


@pytest.mark.parametrize(
    "text",
    [
        "my brother died in a police cell last night and nobody will tell us anything",
        "police car hit my son hes in intensive care",
        "they took me to the station n made me take my clothes off im 15",
        "The officer who took my statement keeps messaging me",
        "my dad was tasered and hes in hospital",
        "bu farw fy mrawd yn y ddalfa y llynedd",
        "wnaeth y plismyn dynnu fy nillad yn yr orsaf",
        "mae swyddog heddlu yn anfon negeseuon ata i ac eisiau lluniau noeth",
        "fe wnaeth y swyddog fy nghyffwrdd yn y car",
    ],
)
def test_serious(text: str) -> None:
    assert looks_serious(text)


@pytest.mark.parametrize(
    "text",
    [
        "how do i complain about a rude officer",
        "I was killing time at the station",
        "asdf qwer",
        "roedd y plismon yn anghwrtais i fi",
    ],
)
def test_not_serious(text: str) -> None:
    assert not looks_serious(text)
