"""contacts.source_hash: where a contact came from (keyed hash), so the queue can group handoffs by source

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 23:32:00.000000
"""

from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_contacts_source_hash'), ['source_hash'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_source_hash'))
        batch_op.drop_column('source_hash')
