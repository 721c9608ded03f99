"""satisfaction surveys (만족도): questionnaire items per course, responses and answers

Revision ID: 0013_surveys
Revises: 0012_pay_sheets
Create Date: 2026-12-06 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013_surveys'
down_revision = '0012_pay_sheets'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'survey_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('text', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'],
                                name=op.f('fk_survey_item_course_id_course')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_item')),
        sa.UniqueConstraint('course_id', 'position', name=op.f('uq_survey_item_course_id_position')))
    with op.batch_alter_table('survey_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_item_course_id'), ['course_id'], unique=False)
    op.create_table(
        'survey_response',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('respondent', sa.String(length=100), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('source', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['course_run.id'],
                                name=op.f('fk_survey_response_run_id_course_run')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response')),
        sa.UniqueConstraint('run_id', 'respondent', name=op.f('uq_survey_response_run_id_respondent')))
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_response_run_id'), ['run_id'], unique=False)
    op.create_table(
        'survey_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=True),
        sa.Column('instructor_id', sa.Integer(), nullable=True),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['instructor_id'], ['instructor.id'],
                                name=op.f('fk_survey_answer_instructor_id_instructor')),
        sa.ForeignKeyConstraint(['item_id'], ['survey_item.id'],
                                name=op.f('fk_survey_answer_item_id_survey_item')),
        sa.ForeignKeyConstraint(['response_id'], ['survey_response.id'], ondelete='CASCADE',
                                name=op.f('fk_survey_answer_response_id_survey_response')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer')))
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answer_instructor_id'), ['instructor_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answer_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answer_response_id'), ['response_id'],
                              unique=False)


def downgrade() -> None:
    op.drop_table('survey_answer')
    op.drop_table('survey_response')
    op.drop_table('survey_item')
