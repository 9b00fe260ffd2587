"""Personal details come out of what people typed; what triage needs (999, dates, ages) stays."""

from __future__ import annotations

import pytest

from bot.store.redact import redact, without_placeholders


@pytest.mark.parametrize(
    "text, gone, placeholder",
    [
        ("ring me on 07700 900123 please", ["07700", "900123"], "(phone number)"),
        ("my number is 07700900123", ["07700900123"], "(phone number)"),
        ("call +44 7700 900 123 after 5", ["7700", "900"], "(phone number)"),
        ("landline (020) 7946 0000", ["7946", "0000"], "(phone number)"),
        ("or +44 (0)29 2018 0000", ["2018"], "(phone number)"),
        ("01632-960-001 is my home", ["960"], "(phone number)"),
        ("email me at jo.bloggs+police@example.co.uk", ["jo.bloggs", "example"], "(email)"),
        ("i live in LS1 4AB near the park", ["LS1", "4AB"], "(postcode)"),
        ("postcode cf10 1aa", ["cf10", "1aa"], "(postcode)"),
        ("see https://example.org/p?id=77 for the video", ["example.org", "id=77"], "(link)"),
        ("it's on facebook.com/jane.doe.123", ["jane.doe"], "(link)"),
        ("My name is Jordan Smith and I was arrested", ["Jordan", "Smith"], "(name)"),
        ("hi my name is jordan and im 15", ["jordan"], "(name)"),
        ("I'm called Priya. Priya is my real name", ["Priya"], "(name)"),
        ("my son is called Kai and he is 12", ["Kai"], "(name)"),
        ("an officer named Hughes pushed me", ["Hughes"], "(name)"),
        ("PC Jones and Sergeant O'Neil laughed", ["Jones", "O'Neil"], "(name)"),
        ("Mr Patel saw it all", ["Patel"], "(name)"),
        ("Fy enw i yw Siân a dw i'n 16", ["Siân"], "(name)"),
        ("my dob is 03.04.1990 and", ["03.04.1990"], "(date of birth)"),
        ("I was born on 3rd March 2009", ["3rd March 2009"], "(date of birth)"),
        ("They came to 14 Acacia Avenue at night", ["14 Acacia", "Avenue"], "(address)"),
        ("Flat 2, 9 Mill Lane, Leeds", ["Flat 2", "9 Mill"], "(address)"),
        ("he lives at 12 Heol y Frenhines", ["Heol y Frenhines"], "(address)"),
        ("car was AB12 CDE", ["AB12 CDE"], "(vehicle registration)"),
        ("NI number AB 12 34 56 C", ["AB 12 34 56 C"], "(number)"),
        ("his collar number was 4521", ["4521"], "(number)"),
        ("PC4521 grabbed me", ["4521"], "(number)"),
        ("crime ref 43/12345/22 from last year", ["43/12345/22"], "(reference)"),
        ("the CAD number is 1234 of 5 June", ["1234"], "(reference)"),
        ("my card 4929 1234 5678 9012 was taken", ["4929", "9012"], "(number)"),
        ("message me @jodie_b99", ["jodie_b99"], "(username)"),
    ],
)
def test_personal_details_are_replaced(text: str, gone: list[str], placeholder: str) -> None:
    redacted = redact(text)
    assert placeholder in redacted, redacted
    for detail in gone:
        assert detail not in redacted, redacted


@pytest.mark.parametrize(
    "text",
    [
        "I called 999 then 101 but nobody came",
        "it happened on 3 March 2024 at 10.30 pm",
        "is it too late, it was 2 years ago in 2019",
        "i'm 15 and the police searched me twice",
        "2 officers came to the house and shouted at my mum",
        "they called me a liar in front of everyone",
        "meet b4 2pm at the station",
        "I spoke to the officer. Then he left.",
        "just in case 2 officers come back",
    ],
)
def test_what_triage_needs_is_kept(text: str) -> None:
    assert redact(text) == text


def test_placeholders_do_not_count_as_the_persons_words() -> None:
    assert without_placeholders(redact("my name is Jo, 07700 900123")).split() == ["my", "name", "is", ","]
