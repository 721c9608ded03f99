"""audit trail: audit_log and the triggers that fill it (append-only)

Revision ID: 0015_audit_log
Revises: 0014_accounts
Create Date: 2026-12-06 04:00:00

The triggers themselves are (re)made by ``audit_schema.install`` after every upgrade.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015_audit_log'
down_revision = '0014_accounts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('action', sa.String(length=10), nullable=False),
        sa.Column('table_name', sa.String(length=50), nullable=False),
        sa.Column('record_id', sa.String(length=50), nullable=True),
        sa.Column('before', sa.Text(), nullable=True),
        sa.Column('after', sa.Text(), nullable=True),
        sa.Column('what', sa.String(length=200), nullable=True),
        sa.Column('persons', sa.Integer(), nullable=True),
        sa.Column('file', sa.Text(), nullable=True),
        sa.Column('purpose', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')))
    op.create_index('ix_audit_log_at', 'audit_log', ['at'])
    op.create_index('ix_audit_log_record', 'audit_log', ['table_name', 'record_id'])


def downgrade() -> None:
    op.drop_table('audit_log')
