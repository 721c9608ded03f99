"""ORM models.  Importing this package registers every table on ``Base.metadata``."""

from .base import Base, now
from .certificates import Certificate, CertificateCounter, serial_text
from .accounts import UserAccount
from .audit import AuditEntry
from .budget import BudgetLine, BudgetProgram, BudgetTask, BudgetTransfer, Spending
from .instructors import Instructor
from .pay import PayItem, PaySheet
from .surveys import SurveyAnswer, SurveyItem, SurveyResponse
from .changes import ChangeCounter
from .courses import Course, CourseRun, CourseSession, DepartmentTarget
from .dormitory import DormClosure, DormRoom, FloorReservation, Stay, StayNight
from .facilities import Blackout, Booking, BookingEvent, Building, Rental, Room
from .people import Organization, Person, PersonMerge
from .registration import Attendance, CompletionEvent, Enrollment, EnrollmentEvent
from .settings import Setting

__all__ = [
    "Base", "now", "UserAccount", "AuditEntry", "Instructor", "PayItem", "PaySheet", "SurveyAnswer", "SurveyItem", "SurveyResponse", "BudgetLine", "BudgetProgram", "BudgetTask", "BudgetTransfer", "Spending", "DormClosure", "DormRoom", "FloorReservation", "Stay", "StayNight", "Blackout", "Booking", "BookingEvent", "Building", "Rental", "Room", "Certificate", "CertificateCounter", "serial_text", "ChangeCounter", "Course", "CourseRun", "CourseSession", "DepartmentTarget", "Organization",
    "Person", "PersonMerge", "Enrollment", "EnrollmentEvent", "Attendance", "CompletionEvent", "Setting",
]
