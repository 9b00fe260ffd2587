"""The backstop for unclear messages that describe something serious involving the police."""

import pytest

from vocabulary.safety.serious import has_gravity, looks_serious


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


@pytest.mark.parametrize(
    "text",
    [
        "the officer cracked two of my ribs when he knelt on me",
        "a PC dislocated my shoulder putting the cuffs on",
        "my cousin can't walk now, he's paralysed from the waist down after the van crash",
        "an officer kept asking me to sleep with him if I wanted my phone back",
        "the PC I reported my ex to keeps pushing for a relationship with me",
        "everyone knows the desk sergeant is on the take",
    ],
)
def test_gravity_is_named_however_it_is_worded(text: str) -> None:
    # Without it, the clarifier asks someone with broken ribs whether it is "that serious".
    assert has_gravity(text)


@pytest.mark.parametrize(
    "text",
    [
        "the officer broke my phone screen when he grabbed it",
        "they broke my door down at 6am for the wrong flat",
        "he broke down in tears when they let him go",
        "the call handler hung up on me twice",
    ],
)
def test_everyday_breakages_have_no_gravity(text: str) -> None:
    assert not has_gravity(text)
