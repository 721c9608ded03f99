"""dormitory: rooms, closures, floors kept for a gender, stays and the bed of each night

Revision ID: 0007_dormitory
Revises: 0006_rentals
Create Date: 2026-12-05 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_dormitory'
down_revision = '0006_rentals'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dorm_floor_reservation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('floor', sa.Integer(), nullable=False),
    sa.Column('gender', sa.String(length=2), nullable=False),
    sa.Column('first_night', sa.Date(), nullable=False),
    sa.Column('last_night', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dorm_floor_reservation'))
    )
    op.create_table('dorm_room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('floor', sa.Integer(), nullable=False),
    sa.Column('beds', sa.Integer(), nullable=False),
    sa.Column('accessible', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('beds > 0', name=op.f('ck_dorm_room_has_beds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dorm_room')),
    sa.UniqueConstraint('code', name=op.f('uq_dorm_room_code'))
    )
    op.create_table('dorm_closure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('first_night', sa.Date(), nullable=False),
    sa.Column('last_night', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['dorm_room.id'], name=op.f('fk_dorm_closure_room_id_dorm_room')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dorm_closure'))
    )
    op.create_index(op.f('ix_dorm_closure_room_id'), 'dorm_closure', ['room_id'], unique=False)
    op.create_table('stay',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('guest_name', sa.String(length=50), nullable=False),
    sa.Column('gender', sa.String(length=2), nullable=False),
    sa.Column('need', sa.String(length=10), nullable=False),
    sa.Column('first_night', sa.Date(), nullable=False),
    sa.Column('last_night', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=5), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('key_issued', sa.Boolean(), nullable=False),
    sa.Column('key_returned', sa.Boolean(), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('checked_out_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("gender IN ('남', '여')", name=op.f('ck_stay_gender_known')),
    sa.CheckConstraint("status IN ('예정', '입실', '퇴실', '노쇼', '취소')", name=op.f('ck_stay_status_known')),
    sa.CheckConstraint('last_night >= first_night', name=op.f('ck_stay_nights_in_order')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_stay_person_id_person')),
    sa.ForeignKeyConstraint(['run_id'], ['course_run.id'], name=op.f('fk_stay_run_id_course_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stay')),
    sa.UniqueConstraint('run_id', 'person_id', name=op.f('uq_stay_run_id_person_id'))
    )
    op.create_index(op.f('ix_stay_person_id'), 'stay', ['person_id'], unique=False)
    op.create_index(op.f('ix_stay_run_id'), 'stay', ['run_id'], unique=False)
    op.create_table('stay_night',
    sa.Column('stay_id', sa.Integer(), nullable=False),
    sa.Column('night', sa.Date(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('bed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['dorm_room.id'], name=op.f('fk_stay_night_room_id_dorm_room')),
    sa.ForeignKeyConstraint(['stay_id'], ['stay.id'], name=op.f('fk_stay_night_stay_id_stay'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('stay_id', 'night', name=op.f('pk_stay_night')),
    sa.UniqueConstraint('room_id', 'bed', 'night', name=op.f('uq_stay_night_room_id_bed_night'))
    )
    op.create_index('ix_stay_night_night_room', 'stay_night', ['night', 'room_id'], unique=False)


def downgrade() -> None:
    op.drop_table('stay_night')
    op.drop_table('stay')
    op.drop_table('dorm_closure')
    op.drop_table('dorm_room')
    op.drop_table('dorm_floor_reservation')
