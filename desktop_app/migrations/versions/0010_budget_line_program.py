"""budget lines name their programme (세부사업), for execution per programme

Revision ID: 0010_budget_line_program
Revises: 0009_budget_execution
Create Date: 2026-12-06 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010_budget_line_program'
down_revision = '0009_budget_execution'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('budget_line') as batch:
        batch.add_column(sa.Column('program_id', sa.Integer(), nullable=True))
        batch.create_index(batch.f('ix_budget_line_program_id'), ['program_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('budget_line') as batch:
        batch.drop_index(batch.f('ix_budget_line_program_id'))
        batch.drop_column('program_id')
