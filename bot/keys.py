"""Typed keys for everything the application keeps on `app` (never string keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from bot.settings import Settings

if TYPE_CHECKING:  # the modules below import this one; the types are for checkers only
    import aiohttp
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from bot.channels.sms import SmsChannel
    from bot.channels.telegram import TelegramChannel
    from bot.channels.web import WebChannel
    from bot.observability.metrics import GatewayMetrics
    from bot.rasa_client import RasaClient
    from bot.routing.availability import StaffHours
    from bot.routing.hub import Hub
    from bot.routing.router import Router
    from bot.routing.staff_actions import StaffDesk
    from bot.state import SharedState
    from bot.store.crypto import AddressCipher

SETTINGS = web.AppKey("settings", Settings)
STAFF_HOURS = web.AppKey["StaffHours"]("staff_hours")
CIPHER = web.AppKey["AddressCipher"]("cipher")
# The hub, locks and limits are made here: in this process, or in Redis with REDIS_URL (bot/state.py).
STATE = web.AppKey["SharedState"]("shared_state")
METRICS = web.AppKey["GatewayMetrics"]("metrics")

# Created at startup (cleanup_ctx in bot/app.py), so present only while the app runs.
ENGINE = web.AppKey["Engine"]("engine")
SESSIONS = web.AppKey["sessionmaker[Session]"]("sessions")
HTTP = web.AppKey["aiohttp.ClientSession"]("http")
RASA = web.AppKey["RasaClient"]("rasa")
HUB = web.AppKey["Hub"]("hub")
ROUTER = web.AppKey["Router"]("router")
STAFF_DESK = web.AppKey["StaffDesk"]("staff_desk")
WEB = web.AppKey["WebChannel"]("web_channel")
# Absent when the channel is not configured (its webhook then answers 404).
SMS = web.AppKey["SmsChannel"]("sms_channel")
TELEGRAM = web.AppKey["TelegramChannel"]("telegram_channel")
