"""Typed keys for what the console keeps on its sub-application and on each request.

The gateway's own keys (sessions, hub, staff desk…) stay in `bot/keys.py`; handlers read both
through `request.config_dict`, which looks in the console's app first and then the gateway's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import jinja2
from aiohttp import web

if TYPE_CHECKING:
    from bot.console.auth import Staff
    from bot.console.backoff import SignInLimits
    from bot.console.hashing import PasswordChecks
    from bot.console.streams import Streams

# On the gateway's app: the console sub-application (tests and tools reach its state through it).
CONSOLE = web.AppKey("console_app", web.Application)

# The console's own Jinja2 environment (aiohttp_jinja2.setup(..., app_key=JINJA)); the widget has its own.
JINJA = web.AppKey("console_jinja", jinja2.Environment)
ASSET_URLS = web.AppKey("console_asset_urls", dict)
STREAMS = web.AppKey["Streams"]("console_streams")
# Sign-in attempts per account and address, per address, and in all (bot/console/backoff.py).
LOGIN_FAILURES = web.AppKey["SignInLimits"]("console_login_failures")
# The bounded thread pool that runs argon2, apart from the database's threads.
PASSWORD_CHECKS = web.AppKey["PasswordChecks"]("console_password_checks")

STAFF = web.RequestKey["Staff"]("console_staff")
