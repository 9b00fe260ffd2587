"""Small SQL helpers shared by the repositories."""

from __future__ import annotations

from typing import Any, Iterator, Sequence, TypeVar

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

T = TypeVar("T")

# Stays under SQLite's oldest bound-parameter limit (999) when deleting by id lists.
CHUNK = 500


def insert_ignoring_conflicts(session: Session, table: Table, values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True if a row was inserted.

    Race-free idempotency on both databases: two workers retrying the same write cannot both insert,
    and neither gets an IntegrityError that would poison its transaction.
    """
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    key = next(iter(table.primary_key.columns))
    statement = module.insert(table).values(**values).on_conflict_do_nothing().returning(key)
    # RETURNING, not rowcount: with an implicit RETURNING the driver may report rowcount -1.
    return session.execute(statement).first() is not None


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
