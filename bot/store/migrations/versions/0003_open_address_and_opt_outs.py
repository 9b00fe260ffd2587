"""one open contact per address (a closed one is kept; the next message starts a new contact), and opt-outs that outlive contacts

The unique (channel, address_hash) constraint becomes a unique index over contacts that are not
closed. `opt_outs` remembers, by the address's keyed hash only, numbers that sent STOP after their
contacts are purged or erased.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 23:10:00.000000
"""

from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OPEN = sa.text("owner <> 'closed'")


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_constraint('uq_contacts_channel_address_hash', type_='unique')
        batch_op.create_index(
            'uq_contacts_open_address', ['channel', 'address_hash'], unique=True,
            sqlite_where=OPEN, postgresql_where=OPEN,
        )

    op.create_table('opt_outs',
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.Column('opted_out_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("channel IN ('web', 'sms', 'telegram', 'rest')", name=op.f('ck_opt_outs_channel')),
    sa.PrimaryKeyConstraint('channel', 'address_hash', name=op.f('pk_opt_outs'))
    )


def downgrade() -> None:
    op.drop_table('opt_outs')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('uq_contacts_open_address')
        batch_op.create_unique_constraint('uq_contacts_channel_address_hash', ['channel', 'address_hash'])
