"""The danger check: brief §6 messages, everyday false alarms, and Welsh."""

import pytest

from bot.safety.danger import EMERGENCY, NONE, SELF_HARM, assess, is_false_alarm

CASES = [
    ("help hes outside the door i cant talk he said hell kill me", EMERGENCY),
    ("he's got a knife", EMERGENCY),
    ("my ex is outside my flat", EMERGENCY),
    ("someone is trying to get in", EMERGENCY),
    ("I'm being followed", EMERGENCY),
    ("HELP", EMERGENCY),
    ("Helpwch fi, mae e mewn perygl", EMERGENCY),
    ("honestly don't see the point of anything anymore", SELF_HARM),
    ("I want to kill myself", SELF_HARM),
    ("I took all my pills", SELF_HARM),
    ("ive been self harming", SELF_HARM),
    ("Dw i eisiau marw", SELF_HARM),
    ("I'm just killing time", NONE),
    ("dead tired after the station", NONE),
    ("the officer was very skilled", NONE),
    ("I'd kill for a coffee", NONE),
    ("can you help me make a complaint", NONE),
    ("my brother died in a police cell last night", NONE),
    ("the officer threatened to hurt me last year", NONE),
    ("How do I complain about the police breaking into my house with a warrant", NONE),
    ("im not in danger now", NONE),
]


@pytest.mark.parametrize(("text", "level"), CASES)
def test_danger_level(text: str, level: str) -> None:
    assert assess(text).level == level


def test_self_harm_reply_gives_999_and_crisis_lines_in_both_languages() -> None:
    for language in ("en", "cy"):
        reply = assess("I want to end it all").reply(language)
        assert "999" in reply and "116 123" in reply and "0800 1111" in reply


def test_emergency_reply_gives_999_and_press_55() -> None:
    reply = assess("he's got a knife").reply_text
    assert "999" in reply and "55" in reply


def test_a_false_alarm_phrase_does_not_hide_real_danger() -> None:
    assert assess("dead tired but he's outside my door with a knife").level == EMERGENCY


@pytest.mark.parametrize("text", ["I'm just killing time", "dead tired after the station", "dying for a brew"])
def test_everyday_phrases_are_recognised_as_false_alarms(text: str) -> None:
    assert is_false_alarm(text)


def test_real_danger_is_never_a_false_alarm() -> None:
    assert not is_false_alarm("dead tired but he's outside my door with a knife")
