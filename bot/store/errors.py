"""Exceptions the contact log raises; each message is one line, fit to show a person."""

from __future__ import annotations


class StoreError(Exception):
    """The contact log cannot do what was asked (bad URL, unreachable database, bad key)."""


class ContactNotFound(StoreError, LookupError):
    """No contact has the given id."""
