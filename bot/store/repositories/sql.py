"""Small SQL helpers shared by the repositories."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Result, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.store.base import Base

T = TypeVar("T")

# Stays under SQLite's oldest bound-parameter limit (999) when deleting by id lists.
CHUNK = 500


def insert_ignoring_conflicts(session: Session, model: type[Base], values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True if a row was inserted.

    Race-free idempotency on both databases: two workers retrying the same write cannot both insert,
    and neither gets an IntegrityError that would poison its transaction.
    """
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    key = inspect(model).primary_key[0]
    statement = module.insert(model).values(**values).on_conflict_do_nothing().returning(key)
    # RETURNING, not rowcount: with an implicit RETURNING the driver may report rowcount -1.
    return session.execute(statement).first() is not None


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed (its result is a cursor result, typed more loosely)."""
    return cast("CursorResult[Any]", result).rowcount


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
