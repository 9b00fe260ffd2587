"""The contact log: SQLAlchemy models, sessions, repositories and Alembic migrations."""
