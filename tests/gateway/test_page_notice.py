"""The widget's page already says who we are: the assistant's intro is dropped there, kept on SMS and
Telegram, and read from the same domain the model is trained on."""

from __future__ import annotations

from pathlib import Path

from bot.domain import load_domain
from bot.routing.messages import Button, Reply
from bot.routing.router import page_notice_texts, shown_on_channel


def intro_texts() -> set[str]:
    responses = load_domain()["responses"]
    return {variation["text"] for variation in responses["utter_intro"]}


def test_every_variation_of_the_intro_is_known_to_the_gateway() -> None:
    assert page_notice_texts() == intro_texts()
    assert len(page_notice_texts()) >= 3  # standard English, Easy Read, Welsh


def test_the_web_drops_the_intro_and_keeps_everything_else() -> None:
    answer = Reply("Most complaints go to the police force involved.")
    menu = Reply("What would you like to do?", (Button("Talk to a person", "/request_human"),))
    for intro in intro_texts():
        replies = [Reply(intro), answer, menu]
        assert shown_on_channel(replies, "web") == [answer, menu]
        assert shown_on_channel(replies, "sms") == replies
        assert shown_on_channel(replies, "telegram") == replies


def test_without_a_readable_domain_the_intro_is_sent_everywhere(tmp_path: Path) -> None:
    missing = tmp_path / "domain"
    assert page_notice_texts(missing) == frozenset()
    broken = tmp_path / "broken.yml"
    broken.write_text("responses: [unclosed", encoding="utf-8")
    assert page_notice_texts(broken) == frozenset()
    no_intro = tmp_path / "no_intro.yml"
    no_intro.write_text("responses:\n  utter_greet:\n    - text: Hello\n", encoding="utf-8")
    assert page_notice_texts(no_intro) == frozenset()
