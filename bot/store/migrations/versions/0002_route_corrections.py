"""route corrections: staff mark a wrong route and the intent it should have been

One row per contact (created, changed or removed from the staff console; each change is audited).
The routes are written out here, not imported, so this migration never changes with the app code.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 16:39:43.694904
"""

from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('route_corrections',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contact_id', sa.String(length=36), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('original_route', sa.String(length=32), nullable=False),
    sa.Column('corrected_route', sa.String(length=32), nullable=False),
    sa.Column('corrected_intent', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("corrected_route IN ('emergency', 'crisis_support', 'information', 'complain_to_force', 'serious_incident', 'review', 'complaint_not_recorded', 'human_requested', 'iopc_service_complaint', 'iopc_decision_challenge', 'out_of_scope')", name=op.f('ck_route_corrections_corrected_route')),
    sa.CheckConstraint("original_route IN ('emergency', 'crisis_support', 'information', 'complain_to_force', 'serious_incident', 'review', 'complaint_not_recorded', 'human_requested', 'iopc_service_complaint', 'iopc_decision_challenge', 'out_of_scope')", name=op.f('ck_route_corrections_original_route')),
    sa.CheckConstraint('original_route <> corrected_route', name=op.f('ck_route_corrections_route_changed')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_route_corrections_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_route_corrections_message_id_messages'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_route_corrections_staff_id_staff_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_route_corrections')),
    sa.UniqueConstraint('contact_id', name=op.f('uq_route_corrections_contact_id'))
    )
    with op.batch_alter_table('route_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_route_corrections_updated_at'), ['updated_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('route_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_route_corrections_updated_at'))

    op.drop_table('route_corrections')
