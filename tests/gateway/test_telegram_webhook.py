"""Telegram: the secret token guards the webhook, updates are handled once, buttons become inline
keyboards and a pressed button is acknowledged (answerCallbackQuery) and routed."""

from __future__ import annotations

import time
from typing import Any

from .conftest import TELEGRAM_SECRET, TELEGRAM_TOKEN, Gateway

CHAT_ID = 987654321


def text_update(update_id: int, text: str, chat_type: str = "private") -> dict[str, Any]:
    """An update exactly as Telegram posts it for a private text message."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id + 1000,
            "from": {"id": CHAT_ID, "is_bot": False, "first_name": "Alex", "language_code": "en"},
            "chat": {"id": CHAT_ID, "first_name": "Alex", "type": chat_type},
            "date": int(time.time()),
            "text": text,
        },
    }


def callback_update(update_id: int, data: str, bot_message_id: int = 55) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": "4382bfdwdsb323b2d9",
            "from": {"id": CHAT_ID, "is_bot": False, "first_name": "Alex"},
            "message": {
                "message_id": bot_message_id,
                "from": {"id": 1, "is_bot": True, "first_name": "Triage"},
                "chat": {"id": CHAT_ID, "first_name": "Alex", "type": "private"},
                "date": int(time.time()),
                "text": "Sorry, something went wrong on our side.",
            },
            "chat_instance": "-1234567890",
            "data": data,
        },
    }


async def post(gateway: Gateway, update: dict[str, Any], secret: str | None = TELEGRAM_SECRET):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return await gateway.client.post("/channels/telegram", json=update, headers=headers)


async def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_stored(gateway: Gateway) -> None:
    assert (await post(gateway, text_update(1, "hello"), secret="guess")).status == 403
    assert (await post(gateway, text_update(1, "hello"), secret=None)).status == 403
    assert gateway.contacts() == [] and gateway.messages() == []


async def test_a_message_is_answered_through_the_bot_api_with_an_inline_keyboard(gateway: Gateway) -> None:
    response = await post(gateway, text_update(10, "hello"))
    assert response.status == 200
    await gateway.settle()
    [sent] = gateway.recording.telegram("sendMessage")
    assert sent.path == f"/bot{TELEGRAM_TOKEN}/sendMessage"
    assert int(sent.params["chat_id"]) == CHAT_ID
    assert "0300 020 0096" in sent.params["text"]  # Rasa is down in this test: the apology
    [[button]] = sent.params["reply_markup"]["inline_keyboard"]
    assert button["text"] == "Talk to a person"
    assert button["callback_data"].startswith("b:")
    [contact] = gateway.contacts()
    assert str(CHAT_ID).encode() not in contact.address_ciphertext


async def test_a_redelivered_update_is_handled_once(gateway: Gateway) -> None:
    await post(gateway, text_update(20, "hello"))
    await post(gateway, text_update(20, "hello"))
    await gateway.settle()
    assert len([m for m in gateway.messages() if m.direction == "in"]) == 1
    assert len(gateway.recording.telegram("sendMessage")) == 1


async def test_pressing_a_button_is_acknowledged_and_routed(gateway: Gateway) -> None:
    await post(gateway, text_update(30, "hello"))
    await gateway.settle()
    [sent] = gateway.recording.telegram("sendMessage")
    data = sent.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]

    await post(gateway, callback_update(31, data))
    await gateway.settle()
    assert len(gateway.recording.telegram("answerCallbackQuery")) == 1
    pressed = [m for m in gateway.messages() if m.direction == "in"][-1]
    assert pressed.text == "Talk to a person"
    assert pressed.payload["payload"] == "/request_human"
    # Rasa is down, so the gateway queued the request itself.
    [handoff] = gateway.handoffs()
    assert handoff.status == "queued"


async def test_a_button_from_someone_elses_conversation_does_nothing(gateway: Gateway) -> None:
    await post(gateway, text_update(40, "hello"))
    await gateway.settle()
    await post(gateway, callback_update(41, "b:999999:0"))
    await gateway.settle()
    assert len([m for m in gateway.messages() if m.direction == "in"]) == 1
    assert gateway.handoffs() == []


async def test_group_chats_stickers_and_garbage(gateway: Gateway) -> None:
    assert (await post(gateway, text_update(50, "hello", chat_type="group"))).status == 200
    assert gateway.contacts() == []

    sticker = text_update(51, "")
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {
        "file_id": "CAACAgI",
        "file_unique_id": "AgAD",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    assert (await post(gateway, sticker)).status == 200
    await gateway.settle()
    [sent] = gateway.recording.telegram("sendMessage")
    assert "only read text" in sent.params["text"]

    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}
    assert (await gateway.client.post("/channels/telegram", data="{bad", headers=headers)).status == 400
    assert (await gateway.client.post("/channels/telegram", data="[1]", headers=headers)).status == 400
    assert (await post(gateway, {"update_id": 52, "message": {"chat": "nonsense"}})).status == 400
    form = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    assert (await gateway.client.post("/channels/telegram", data={"a": "b"}, headers=form)).status == 415
