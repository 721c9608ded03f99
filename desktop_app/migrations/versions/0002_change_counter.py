"""change counter watched by open windows

Revision ID: 0002_change_counter
Revises: 0001_initial
Create Date: 2026-11-25 09:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_change_counter'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'change_counter',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_change_counter')))
    # No row yet: the first write makes it (desktop_app.db.count_change), so copying tables
    # into a fresh database never meets a row the migration made.


def downgrade() -> None:
    op.drop_table('change_counter')
