"""How replies are shaped per channel: SMS segment counting and splitting, numbered options."""

from __future__ import annotations

import pytest

from bot.channels.rendering import (
    match_option,
    parse_callback_data,
    render_sms,
    sms_plain,
    sms_segments,
    split_sms,
    split_telegram,
    telegram_keyboard,
)
from bot.routing.messages import Button, Reply

YES_NO = (Button("Yes", "/affirm"), Button("No", "/deny"))


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("", 1),
        ("a" * 160, 1),  # GSM-7 single segment: 160 septets
        ("a" * 161, 2),  # concatenated: 153 septets each
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension characters take two septets
        ("€" * 81, 2),
        ("a" * 152 + "€", 1),
        ("a" * 159 + "€", 2),  # an escape pair is never split across segments
        ("ŵ" * 70, 1),  # Welsh ŵ is not GSM-7: UCS-2, 70 a segment
        ("ŵ" * 71, 2),  # then 67 each
        ("ŵ" * 134, 2),
        ("ŵ" * 135, 3),
        ("😀" * 35, 1),  # an emoji is two UTF-16 code units
        ("😀" * 36, 2),
    ],
)
def test_segments_are_counted_as_carriers_count_them(text: str, segments: int) -> None:
    assert sms_segments(text) == segments


def test_typographic_punctuation_does_not_force_ucs2() -> None:
    text = "It’s “free” – and private…"
    assert sms_segments("x" * 100 + text) == 2  # UCS-2
    assert sms_plain(text) == 'It\'s "free" - and private...'
    assert sms_segments("x" * 100 + sms_plain(text)) == 1


def test_buttons_become_numbered_options_and_numbers_map_back() -> None:
    [body] = render_sms(Reply("Do you want to complain?", YES_NO))
    assert body == "Do you want to complain?\nReply 1 for Yes, 2 for No."
    assert match_option("1", YES_NO) == YES_NO[0]
    assert match_option(" 2. ", YES_NO) == YES_NO[1]
    assert match_option("no", YES_NO) == YES_NO[1]
    assert match_option("3", YES_NO) is None
    assert match_option("1 but also", YES_NO) is None
    assert match_option("1", ()) is None


def test_long_replies_split_at_sentence_boundaries_within_three_segments() -> None:
    sentences = [f"This is sentence number {n}, which says something useful." for n in range(30)]
    text = " ".join(sentences)
    bodies = render_sms(Reply(text, YES_NO))
    assert len(bodies) > 1
    assert all(sms_segments(b) <= 3 for b in bodies)
    for body in bodies:
        assert body.endswith(".")  # every body ends on a sentence boundary
    assert " ".join(bodies).replace("\n", " ") == text + " Reply 1 for Yes, 2 for No."
    assert bodies[-1].endswith("\nReply 1 for Yes, 2 for No.")  # options stay whole, at the end


def test_a_sentence_longer_than_the_budget_splits_at_spaces_then_anywhere() -> None:
    words = " ".join(["word"] * 200)
    bodies = split_sms(words)
    assert all(sms_segments(b) <= 3 for b in bodies)
    assert " ".join(bodies) == words
    unbroken = "x" * 1000
    bodies = split_sms(unbroken)
    assert all(sms_segments(b) <= 3 for b in bodies)
    assert "".join(bodies) == unbroken


def test_line_breaks_survive_when_they_fit() -> None:
    [body] = split_sms("You can:\n- call us\n- email us")
    assert body == "You can:\n- call us\n- email us"


def test_welsh_replies_use_the_ucs2_budget() -> None:
    text = " ".join(["Mae'r Samariaid ar gael, ddydd a nos, i siarad â chi."] * 12)
    bodies = split_sms(text)
    assert all(sms_segments(b) <= 3 for b in bodies)
    assert all(len(b) <= 201 for b in bodies)  # 3 × 67 UCS-2 code units


def test_telegram_limits_and_callback_data() -> None:
    long = " ".join(["A sentence that keeps going."] * 400)
    parts = split_telegram(long)
    assert all(len(p) <= 4096 for p in parts) and len(parts) > 1
    keyboard = telegram_keyboard(1234, YES_NO)
    assert keyboard == {
        "inline_keyboard": [
            [{"text": "Yes", "callback_data": "b:1234:0"}],
            [{"text": "No", "callback_data": "b:1234:1"}],
        ]
    }
    assert parse_callback_data("b:1234:1") == (1234, 1)
    assert parse_callback_data("/inform{}") is None
    assert telegram_keyboard(1, ()) is None
