"""buildings, rooms, bookings, blackouts; the timetable's room becomes a reference

Revision ID: 0005_rooms_bookings
Revises: 0004_certificates
Create Date: 2026-12-05 23:00:00

No two live bookings of one room may overlap.  The services check it; the database guarantees
it when two PCs book at once: an exclusion constraint on PostgreSQL (btree_gist), triggers on
SQLite (whose writers are serialised, so a check inside the writing transaction is enough).

The timetable's typed room names are mapped to rooms by name or code; none map in a database
that has no rooms yet (rooms are added by the office or by the demo, which maps them then, see
``services.rooms.map_room_names``).  Names that do not map stay in ``room_name`` and are listed
by ``room unmapped``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_rooms_bookings'
down_revision = '0004_certificates'
branch_labels = None
depends_on = None

#: the institute's buildings as the 2021 plan names them (domain/data/facilities.json)
BUILDINGS = [
    ("E", "교육동", "본원", 1), ("A", "관리동", "본원", 2), ("W", "후생동", "본원", 3),
    ("D", "숙소동", "본원", 4), ("H", "강당동", "본원", 5), ("P", "수영장·주차장동", "본원", 6),
    ("S", "연수지원센터", "연수지원센터", 7),
]

_OVERLAP_CHECK = """
    WHEN NEW.status <> '취소' AND EXISTS (
        SELECT 1 FROM booking b WHERE b.room_id = NEW.room_id AND b.status <> '취소'
        AND b.id IS NOT NEW.id AND b.start_at < NEW.end_at AND b.end_at > NEW.start_at)
    BEGIN SELECT RAISE(ABORT, 'booking_overlap'); END"""


def upgrade() -> None:
    building = op.create_table(
        'building',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=50), nullable=False),
        sa.Column('site', sa.String(length=50), nullable=False),
        sa.Column('sort_order', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_building')),
        sa.UniqueConstraint('code', name=op.f('uq_building_code')))
    op.create_table(
        'room',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=50), nullable=False),
        sa.Column('building_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=False),
        sa.Column('floor', sa.Integer(), nullable=True),
        sa.Column('equipment', sa.Text(), nullable=False),
        sa.Column('rentable', sa.Boolean(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint('capacity >= 0', name=op.f('ck_room_capacity_not_negative')),
        sa.ForeignKeyConstraint(['building_id'], ['building.id'],
                                name=op.f('fk_room_building_id_building')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_room')),
        sa.UniqueConstraint('code', name=op.f('uq_room_code')),
        sa.UniqueConstraint('name', name=op.f('uq_room_name')))
    op.create_table(
        'booking',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('room_id', sa.Integer(), nullable=False),
        sa.Column('start_at', sa.DateTime(), nullable=False),
        sa.Column('end_at', sa.DateTime(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=True),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('series_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint('end_at > start_at', name=op.f('ck_booking_times_in_order')),
        sa.CheckConstraint("kind IN ('과정', '내부행사', '대관')", name=op.f('ck_booking_kind_known')),
        sa.CheckConstraint("status IN ('가예약', '확정', '취소')",
                           name=op.f('ck_booking_status_known')),
        sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_booking_room_id_room')),
        sa.ForeignKeyConstraint(['run_id'], ['course_run.id'], ondelete='SET NULL',
                                name=op.f('fk_booking_run_id_course_run')),
        sa.ForeignKeyConstraint(['session_id'], ['course_session.id'], ondelete='SET NULL',
                                name=op.f('fk_booking_session_id_course_session')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_booking')))
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index('ix_booking_room_start', ['room_id', 'start_at', 'end_at'],
                              unique=False)
        batch_op.create_index('ix_booking_start', ['start_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_series_id'), ['series_id'], unique=False)
    op.create_table(
        'booking_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], ondelete='CASCADE',
                                name=op.f('fk_booking_event_booking_id_booking')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_event')))
    with op.batch_alter_table('booking_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_event_booking_id'), ['booking_id'],
                              unique=False)
    op.create_table(
        'blackout',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('room_id', sa.Integer(), nullable=True),
        sa.Column('start_at', sa.DateTime(), nullable=False),
        sa.Column('end_at', sa.DateTime(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.CheckConstraint('end_at > start_at', name=op.f('ck_blackout_times_in_order')),
        sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_blackout_room_id_room')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_blackout')))
    with op.batch_alter_table('blackout', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blackout_room_id'), ['room_id'], unique=False)
    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('room_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_course_session_room_id'), ['room_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_course_session_room_id_room'), 'room',
                                    ['room_id'], ['id'])
    op.bulk_insert(building, [dict(code=c, name=n, site=s, sort_order=o)
                              for c, n, s, o in BUILDINGS])
    # the typed names that name a room (none in a database without rooms; see the docstring)
    op.execute("UPDATE course_session SET room_id = (SELECT r.id FROM room r WHERE "
               "r.name = trim(course_session.room_name) OR r.code = trim(course_session.room_name)) "
               "WHERE room_id IS NULL AND trim(room_name) <> ''")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute("ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
                   "(room_id WITH =, tsrange(start_at, end_at, '[)') WITH &&) "
                   "WHERE (status <> '취소')")
    elif bind.dialect.name == "sqlite":
        op.execute("CREATE TRIGGER booking_no_overlap_insert BEFORE INSERT ON booking"
                   + _OVERLAP_CHECK)
        op.execute("CREATE TRIGGER booking_no_overlap_update BEFORE UPDATE OF room_id, start_at, "
                   "end_at, status ON booking" + _OVERLAP_CHECK)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS booking_no_overlap_insert")
        op.execute("DROP TRIGGER IF EXISTS booking_no_overlap_update")
    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_course_session_room_id_room'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_course_session_room_id'))
        batch_op.drop_column('room_id')
    op.drop_table('blackout')
    op.drop_table('booking_event')
    op.drop_table('booking')
    op.drop_table('room')
    op.drop_table('building')
