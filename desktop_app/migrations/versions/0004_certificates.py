"""completion certificates and their ledger

Revision ID: 0004_certificates
Revises: 0003_attendance_completion
Create Date: 2026-12-05 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_certificates'
down_revision = '0003_attendance_completion'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'certificate_counter',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('last_number', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_certificate_counter')))
    op.create_table(
        'certificate',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=9), nullable=False),
        sa.Column('enrollment_id', sa.Integer(), nullable=False),
        sa.Column('layout', sa.String(length=50), nullable=False),
        sa.Column('snapshot', sa.Text(), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('issued_by', sa.String(length=100), nullable=False),
        sa.Column('file_name', sa.Text(), nullable=False),
        sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
        sa.Column('reprint_count', sa.Integer(), nullable=False),
        sa.Column('last_printed_at', sa.DateTime(), nullable=True),
        sa.Column('last_printed_by', sa.String(length=100), nullable=True),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_by', sa.String(length=100), nullable=True),
        sa.Column('revoke_reason', sa.Text(), nullable=True),
        sa.CheckConstraint('number > 0', name=op.f('ck_certificate_number_positive')),
        sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'],
                                name=op.f('fk_certificate_enrollment_id_enrollment')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
        sa.UniqueConstraint('year', 'number', name=op.f('uq_certificate_year_number')))
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_enrollment_id'), ['enrollment_id'],
                              unique=False)
        batch_op.create_index('ux_certificate_live_enrollment', ['enrollment_id'], unique=True,
                              sqlite_where=sa.text('revoked_at IS NULL'),
                              postgresql_where=sa.text('revoked_at IS NULL'))


def downgrade() -> None:
    op.drop_table('certificate')
    op.drop_table('certificate_counter')
