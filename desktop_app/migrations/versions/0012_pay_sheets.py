"""instructor pay sheets (강사수당 지급 명세) and their lines

Revision ID: 0012_pay_sheets
Revises: 0011_instructors
Create Date: 2026-12-06 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_pay_sheets'
down_revision = '0011_instructors'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'pay_sheet',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=5), nullable=False),
        sa.Column('approved_by', sa.String(length=100), nullable=False),
        sa.Column('approved_at', sa.DateTime(), nullable=True),
        sa.Column('budget_line_id', sa.Integer(), nullable=True),
        sa.Column('paid_on', sa.Date(), nullable=True),
        sa.Column('paid_by', sa.String(length=100), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['budget_line_id'], ['budget_line.id'],
                                name=op.f('fk_pay_sheet_budget_line_id_budget_line')),
        sa.ForeignKeyConstraint(['run_id'], ['course_run.id'],
                                name=op.f('fk_pay_sheet_run_id_course_run')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pay_sheet')),
        sa.UniqueConstraint('run_id', name=op.f('uq_pay_sheet_run_id')))
    op.create_table(
        'pay_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sheet_id', sa.Integer(), nullable=False),
        sa.Column('instructor_id', sa.Integer(), nullable=False),
        sa.Column('grade', sa.String(length=10), nullable=False),
        sa.Column('periods', sa.Integer(), nullable=False),
        sa.Column('days', sa.Integer(), nullable=False),
        sa.Column('lecture_fee', sa.Integer(), nullable=False),
        sa.Column('manuscript_pages', sa.Integer(), nullable=False),
        sa.Column('manuscript_fee', sa.Integer(), nullable=False),
        sa.Column('travel_fee', sa.Integer(), nullable=False),
        sa.Column('income_tax', sa.Integer(), nullable=False),
        sa.Column('local_tax', sa.Integer(), nullable=False),
        sa.Column('adjusted', sa.Boolean(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('spending_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['instructor_id'], ['instructor.id'],
                                name=op.f('fk_pay_item_instructor_id_instructor')),
        sa.ForeignKeyConstraint(['sheet_id'], ['pay_sheet.id'], ondelete='CASCADE',
                                name=op.f('fk_pay_item_sheet_id_pay_sheet')),
        sa.ForeignKeyConstraint(['spending_id'], ['budget_spending.id'],
                                name=op.f('fk_pay_item_spending_id_budget_spending')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pay_item')))
    with op.batch_alter_table('pay_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pay_item_instructor_id'), ['instructor_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_pay_item_sheet_id'), ['sheet_id'], unique=False)


def downgrade() -> None:
    op.drop_table('pay_item')
    op.drop_table('pay_sheet')
