"""Recognising forces and rough dates the way people actually type them."""

from datetime import date

import pytest

from actions.dates import latest_possible_date, older_than_a_year
from actions.forces import FORCES, TERRITORIAL_FORCES, match_force


def test_all_43_territorial_forces_and_the_other_bodies_are_known() -> None:
    assert len(TERRITORIAL_FORCES) == 43
    assert {"British Transport Police", "National Crime Agency (NCA)"} <= set(FORCES)


@pytest.mark.parametrize(
    ("text", "force"),
    [
        ("merseyside", "Merseyside Police"),
        ("Mersyside", "Merseyside Police"),
        ("the met", "Metropolitan Police Service"),
        ("west mids police", "West Midlands Police"),
        ("greater manchster police", "Greater Manchester Police"),
        ("it was in cardiff", "South Wales Police"),
        ("Heddlu De Cymru", "South Wales Police"),
        ("BTP at the station", "British Transport Police"),
        ("devon & cornwall", "Devon and Cornwall Police"),
        ("thames vally", "Thames Valley Police"),
        ("north wales police", "North Wales Police"),
    ],
)
def test_everyday_names_and_misspellings(text: str, force: str) -> None:
    assert match_force(text).force == force


def test_outside_england_and_wales_and_unknown() -> None:
    assert match_force("police scotland in glasgow").outside == "Scotland"
    assert match_force("PSNI").outside == "Northern Ireland"
    assert match_force("dont know").unknown
    assert match_force("somewhere").force is None


TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "latest", "old"),
    [
        ("yesterday", date(2026, 11, 29), False),
        ("last May", date(2026, 5, 31), False),
        ("2 years ago", date(2024, 11, 30), True),
        ("12/03/2025", date(2025, 3, 12), True),
        ("march 2024", date(2024, 3, 31), True),
        ("last year", date(2025, 12, 31), False),
        ("it may have been june 2025", date(2025, 6, 30), True),
        ("around christmas", None, False),
    ],
)
def test_rough_dates(text: str, latest, old: bool) -> None:
    assert latest_possible_date(text, TODAY) == latest
    assert older_than_a_year(text, TODAY) is old
