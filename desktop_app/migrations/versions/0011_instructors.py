"""instructors: the registry (a person's instructor profile) and the timetable's reference to it

The timetable's instructor was free text.  Each distinct name becomes an instructor of its own
when no person of that name is registered yet (one record per human: the same name in many
periods is one instructor); a name that some registered person already bears is left as text,
because only the office can tell whether that trainee is the instructor — 강사 → 이름만 있는 강사
(and ``instructor unmapped``) lists those for linking by hand.

Revision ID: 0011_instructors
Revises: 0010_budget_line_program
Create Date: 2026-12-06 02:00:00
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = '0011_instructors'
down_revision = '0010_budget_line_program'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'instructor',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('fields', sa.String(length=200), nullable=False),
        sa.Column('subjects', sa.Text(), nullable=False),
        sa.Column('qualifications', sa.Text(), nullable=False),
        sa.Column('pay_grade', sa.String(length=10), nullable=False),
        sa.Column('bank_name', sa.String(length=30), nullable=False),
        sa.Column('bank_account', sa.String(length=40), nullable=False),
        sa.Column('account_holder', sa.String(length=50), nullable=False),
        sa.Column('excellent', sa.Boolean(), nullable=False),
        sa.Column('excellent_year', sa.Integer(), nullable=True),
        sa.Column('excellent_reason', sa.Text(), nullable=False),
        sa.Column('meeting_notes', sa.Text(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                                name=op.f('fk_instructor_person_id_person')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_instructor')),
        sa.UniqueConstraint('person_id', name=op.f('uq_instructor_person_id')))
    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('instructor_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_course_session_instructor_id'), ['instructor_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_course_session_instructor_id_instructor'),
                                    'instructor', ['instructor_id'], ['id'], ondelete='SET NULL')
    _map_names()


def _map_names() -> None:
    connection = op.get_bind()
    names = [row[0] for row in connection.execute(sa.text(
        "SELECT DISTINCT trim(instructor_name) FROM course_session "
        "WHERE trim(instructor_name) <> '' ORDER BY 1"))]
    stamp = datetime.now().replace(microsecond=0)
    for name in names:
        taken = connection.execute(sa.text("SELECT count(*) FROM person WHERE name = :n"),
                                   {"n": name}).scalar()
        if taken:
            continue            # left as text: the office links it (see the docstring)
        person_id = connection.execute(sa.text(
            "INSERT INTO person (name, note, created_at, updated_at, version) "
            "VALUES (:n, '시간표의 강사 이름에서 만듦', :t, :t, 1) RETURNING id"),
            {"n": name, "t": stamp}).scalar()
        instructor_id = connection.execute(sa.text(
            "INSERT INTO instructor (person_id, fields, subjects, qualifications, pay_grade, "
            "bank_name, bank_account, account_holder, excellent, excellent_reason, "
            "meeting_notes, note, active, version, created_at, updated_at) VALUES (:p, '', '', "
            "'', '', '', '', '', :f, '', '', '', :a, 1, :t, :t) RETURNING id"),
            {"p": person_id, "f": False, "a": True, "t": stamp}).scalar()
        connection.execute(sa.text("UPDATE course_session SET instructor_id = :i "
                                   "WHERE trim(instructor_name) = :n"),
                           {"i": instructor_id, "n": name})


def downgrade() -> None:
    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_course_session_instructor_id_instructor'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_course_session_instructor_id'))
        batch_op.drop_column('instructor_id')
    op.drop_table('instructor')
