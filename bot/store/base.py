"""Declarative base, naming convention and the column types every model shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any

from sqlalchemy import JSON, CheckConstraint, DateTime, Dialect, MetaData, String, column, false, true
from sqlalchemy.orm import DeclarativeBase, mapped_column
from sqlalchemy.types import TypeDecorator

# Alembic needs every constraint to have a stable name to drop or alter it later (and SQLite batch
# mode rebuilds tables by name), so names come from this convention rather than the database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores UTC and always returns aware datetimes, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            # A naive datetime is ambiguous (local? UTC?); refusing it catches the bug at the source.
            raise ValueError("UTCDateTime needs a timezone-aware datetime (use bot.store.base.utcnow()).")
        value = value.astimezone(dt.timezone.utc)
        # SQLite has no time zone type and would keep the offset text, breaking string comparison.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    """Base class of every model in the contact log."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


def one_of(column_name: str, values: Iterable[object]) -> CheckConstraint:
    """A named CHECK that `column_name` holds one of `values` (enums are stored by value as strings)."""
    # Built as an expression, not a string: SQLAlchemy renders the constant values into the DDL.
    return CheckConstraint(column(column_name).in_(list(values)), name=column_name)


# Shared column shapes.
uuid_pk = Annotated[str, mapped_column(String(36), primary_key=True)]
int_pk = Annotated[int, mapped_column(primary_key=True, autoincrement=True)]
created_now = Annotated[dt.datetime, mapped_column(UTCDateTime(), default=utcnow)]
bool_false = Annotated[bool, mapped_column(default=False, server_default=false())]
bool_true = Annotated[bool, mapped_column(default=True, server_default=true())]
