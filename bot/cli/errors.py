"""The one error a command raises for a user's mistake."""

from __future__ import annotations


class CommandError(Exception):
    """A user mistake (bad id, bad date, unreachable database): one clear line, exit code 2."""
