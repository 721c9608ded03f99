"""Alembic migrations of the Yeonsu schema.

``KNOWN_REVISIONS`` lets the program check a database's schema at start-up without importing
Alembic; a test keeps it equal to the scripts in ``versions/``.
"""

KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_change_counter",
    "0003_attendance_completion",
    "0004_certificates",
    "0005_rooms_bookings",
    "0006_rentals",
    "0007_dormitory",
    "0008_budget",
    "0009_budget_execution",
    "0010_budget_line_program",
    "0011_instructors",
    "0012_pay_sheets",
    "0013_surveys",
    "0014_accounts",
    "0015_audit_log",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
