"""budget plan: programmes, plan tasks (with the figures the plan printed) and their lines

Revision ID: 0008_budget
Revises: 0007_dormitory
Create Date: 2026-12-06 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_budget'
down_revision = '0007_dormitory'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('department', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('account_ref', sa.String(length=30), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=True),
    sa.Column('amount_state', sa.String(length=10), nullable=False),
    sa.Column('last_year', sa.Integer(), nullable=True),
    sa.Column('last_year_state', sa.String(length=10), nullable=False),
    sa.Column('q1', sa.Integer(), nullable=True),
    sa.Column('q2', sa.Integer(), nullable=True),
    sa.Column('q3', sa.Integer(), nullable=True),
    sa.Column('q4', sa.Integer(), nullable=True),
    sa.Column('q_states', sa.String(length=40), nullable=False),
    sa.Column('q_uses', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("amount_state IN ('', '재배정', '재배정별도', '비예산')", name=op.f('ck_budget_line_state_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line')),
    sa.UniqueConstraint('task_id', 'line_no', name=op.f('uq_budget_line_task_id_line_no'))
    )
    op.create_index(op.f('ix_budget_line_task_id'), 'budget_line', ['task_id'], unique=False)
    op.create_table('budget_program',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('budget', sa.Integer(), nullable=True),
    sa.Column('last_year', sa.Integer(), nullable=True),
    sa.Column('last_year_final', sa.Integer(), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_program')),
    sa.UniqueConstraint('year', 'name', name=op.f('uq_budget_program_year_name'))
    )
    op.create_index(op.f('ix_budget_program_year'), 'budget_program', ['year'], unique=False)
    op.create_table('budget_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('goal', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('printed_budget', sa.Integer(), nullable=True),
    sa.Column('printed_last_year', sa.Integer(), nullable=True),
    sa.Column('printed_q1', sa.Integer(), nullable=True),
    sa.Column('printed_q2', sa.Integer(), nullable=True),
    sa.Column('printed_q3', sa.Integer(), nullable=True),
    sa.Column('printed_q4', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_task')),
    sa.UniqueConstraint('year', 'code', name=op.f('uq_budget_task_year_code'))
    )
    op.create_index(op.f('ix_budget_task_year'), 'budget_task', ['year'], unique=False)


def downgrade() -> None:
    op.drop_table('budget_line')
    op.drop_table('budget_task')
    op.drop_table('budget_program')
