"""Shouted words are read in sentence case; names in capitals and ordinary writing are left as written."""

import pytest

from vocabulary.casing import unshouted


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("PLS HELP HE ISN'T BREATHING. I THINK HE'S DYING", "Pls help he isn't breathing. I think he's dying"),
        ("my son is NOT BREATHING, help", "my son is not breathing, help"),
        ("MAE DYN EFO GWN TU ALLAN I'R TŶ", "Mae dyn efo gwn tu allan i'r tŷ"),
        ("HELP. NOW!!\nPLEASE ANSWER", "Help. Now!!\nPlease answer"),
        ("I complained to the IOPC about the PSD", "I complained to the IOPC about the PSD"),
        ("HELP he is not breathing", "HELP he is not breathing"),
        ("It happened at 10PM near the A&E", "It happened at 10PM near the A&E"),
        ("", ""),
    ],
)
def test_only_stretches_of_shouted_words_are_put_in_sentence_case(text: str, read_as: str) -> None:
    assert unshouted(text) == read_as
