"""budget execution: spending entries and recorded changes (전용 / 변경) between lines

Revision ID: 0009_budget_execution
Revises: 0008_budget
Create Date: 2026-12-06 00:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009_budget_execution'
down_revision = '0008_budget'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('budget_transfer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=5), nullable=False),
    sa.Column('from_line_id', sa.Integer(), nullable=False),
    sa.Column('to_line_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_budget_transfer_amount_positive')),
    sa.CheckConstraint('from_line_id <> to_line_id', name=op.f('ck_budget_transfer_two_lines')),
    sa.ForeignKeyConstraint(['from_line_id'], ['budget_line.id'], name=op.f('fk_budget_transfer_from_line_id_budget_line')),
    sa.ForeignKeyConstraint(['to_line_id'], ['budget_line.id'], name=op.f('fk_budget_transfer_to_line_id_budget_line')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_transfer'))
    )
    op.create_index(op.f('ix_budget_transfer_from_line_id'), 'budget_transfer', ['from_line_id'], unique=False)
    op.create_index(op.f('ix_budget_transfer_to_line_id'), 'budget_transfer', ['to_line_id'], unique=False)
    op.create_table('budget_spending',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('spent_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('payee', sa.String(length=100), nullable=False),
    sa.Column('evidence_no', sa.String(length=50), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_budget_spending_amount_positive')),
    sa.ForeignKeyConstraint(['line_id'], ['budget_line.id'], name=op.f('fk_budget_spending_line_id_budget_line')),
    sa.ForeignKeyConstraint(['run_id'], ['course_run.id'], name=op.f('fk_budget_spending_run_id_course_run'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_spending'))
    )
    op.create_index(op.f('ix_budget_spending_line_id'), 'budget_spending', ['line_id'], unique=False)
    op.create_index(op.f('ix_budget_spending_spent_on'), 'budget_spending', ['spent_on'], unique=False)


def downgrade() -> None:
    op.drop_table('budget_transfer')
    op.drop_table('budget_spending')
