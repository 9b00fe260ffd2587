"""Which modules contribute sub-commands to `python -m bot` (in help order)."""

from __future__ import annotations

from bot.production_shape import register as register_production_shape
from bot.serve_cli import register as register_gateway
from bot.staff_cli import register as register_staff
from bot.store.cli import register as register_store
from bot.store.nlu_cli import register as register_nlu
from bot.supervisor import register as register_service

REGISTRARS: list = [register_service, register_production_shape, register_gateway, register_store, register_staff, register_nlu]
