"""Satisfaction surveys (만족도): a questionnaire per course (standard items copied from the
default, plus one rating per instructor of the run), responses per run with 1–5 answers and
free comments, from an online form's export or typed in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, now


class SurveyItem(Base):
    """A standard question of a course's questionnaire."""

    __tablename__ = "survey_item"
    __table_args__ = (UniqueConstraint("course_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(200))


class SurveyResponse(Base):
    """One trainee's answers to a run's survey (anonymous: ``respondent`` is the form's own row
    key, so importing the same export again adds nothing)."""

    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("run_id", "respondent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("course_run.id"), index=True)
    respondent: Mapped[str] = mapped_column(String(100))
    comment: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=now)


class SurveyAnswer(Base):
    """A 1–5 answer to an item, or a rating of an instructor of the run."""

    __tablename__ = "survey_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("survey_item.id"), index=True)
    instructor_id: Mapped[int | None] = mapped_column(ForeignKey("instructor.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)
