"""rentals (대관) of bookings: renter, purpose, head count, fee, deposit, payment

Revision ID: 0006_rentals
Revises: 0005_rooms_bookings
Create Date: 2026-12-05 23:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006_rentals'
down_revision = '0005_rooms_bookings'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'rental',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('organization', sa.String(length=100), nullable=False),
        sa.Column('contact_name', sa.String(length=50), nullable=False),
        sa.Column('contact_phone', sa.String(length=20), nullable=False),
        sa.Column('purpose', sa.String(length=200), nullable=False),
        sa.Column('head_count', sa.Integer(), nullable=False),
        sa.Column('discount_kind', sa.String(length=30), nullable=False),
        sa.Column('discount_pct', sa.Integer(), nullable=False),
        sa.Column('base_fee', sa.Integer(), nullable=False),
        sa.Column('fee', sa.Integer(), nullable=False),
        sa.Column('deposit', sa.Integer(), nullable=False),
        sa.Column('paid', sa.Integer(), nullable=False),
        sa.Column('paid_on', sa.DateTime(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint('fee >= 0 AND deposit >= 0 AND paid >= 0',
                           name=op.f('ck_rental_money_not_negative')),
        sa.ForeignKeyConstraint(['booking_id'], ['booking.id'],
                                name=op.f('fk_rental_booking_id_booking')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rental')),
        sa.UniqueConstraint('booking_id', name=op.f('uq_rental_booking_id')))


def downgrade() -> None:
    op.drop_table('rental')
