"""attendance, scores and completion

Revision ID: 0003_attendance_completion
Revises: 0002_change_counter
Create Date: 2026-11-25 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_attendance_completion'
down_revision = '0002_change_counter'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(sa.Column('excused_counts', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('completion', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('completion_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('completion_manual', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('completed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('recognised_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('studied_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('platform_completed_on', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            'score_range', 'score IS NULL OR (score >= 0 AND score <= 100)')
    op.create_table(
        'completion_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enrollment_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('result', sa.String(length=5), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('manual', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'],
                                name=op.f('fk_completion_event_enrollment_id_enrollment')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_completion_event')))
    with op.batch_alter_table('completion_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_completion_event_enrollment_id'), ['enrollment_id'],
                              unique=False)
    op.create_table(
        'attendance',
        sa.Column('enrollment_id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=2), nullable=False),
        sa.CheckConstraint("status IN ('출석', '지각', '조퇴', '결석', '공결')",
                           name=op.f('ck_attendance_status_known')),
        sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], ondelete='CASCADE',
                                name=op.f('fk_attendance_enrollment_id_enrollment')),
        sa.ForeignKeyConstraint(['session_id'], ['course_session.id'],
                                name=op.f('fk_attendance_session_id_course_session')),
        sa.PrimaryKeyConstraint('enrollment_id', 'session_id', name=op.f('pk_attendance')))
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_session_id', ['session_id'], unique=False)


def downgrade() -> None:
    op.drop_table('attendance')
    op.drop_table('completion_event')
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.drop_constraint('ck_enrollment_score_range', type_='check')
        for column in ('platform_completed_on', 'studied_minutes', 'recognised_minutes', 'completed_on',
                       'completion_manual', 'completion_reason', 'completion', 'score'):
            batch_op.drop_column(column)
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_column('excused_counts')
