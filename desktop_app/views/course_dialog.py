"""Create or edit a course (과정)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QSpinBox, QWidget

from ..services import courses as course_service
from ..services import reference
from ..services import settings as settings_service
from ..services.courses import CourseDetail, CourseFields
from .context import AppContext
from .forms import FormDialog, combo, line_edit, optional_spin, spin_value, text_box
from .i18n import tr

NO_TASK = "(없음)"  # first choice of 실천과제; shown through tr()


class CourseDialog(FormDialog):
    """New course when ``course_id`` is None, else edit that course."""

    def __init__(self, context: AppContext, course_id: int | None = None, year: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("과정 수정") if course_id else tr("새 과정"), parent)
        self.context = context
        self.course_id = course_id
        self.base: CourseDetail | None = None
        if course_id is not None:
            self.base = context.read(lambda s: course_service.course_detail(s, course_id))
            values = self.base.fields_only()
        else:
            defaults = context.read(settings_service.all_values)
            values = CourseFields(year=year or 2021, category="직무연수", delivery="집합",
                                  department=reference.DEPARTMENTS[1], target_group="초등",
                                  min_attendance_pct=defaults["default_min_attendance_pct"])
        self._build(values)

    def _build(self, v: CourseFields) -> None:
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(v.year)
        self.add_row("연도", self.year)
        self.title_edit = self.add_row(
            "과정명", line_edit(v.title, tr("예: 초등 수업 나눔 직무연수"), 200))
        self.category = self.add_row("연수종별", combo(reference.CATEGORIES, v.category))
        self.target = self.add_row("대상", combo(reference.TARGET_GROUPS, v.target_group, True))
        self.department = self.add_row("운영부서", combo(reference.DEPARTMENTS, v.department, True))
        self.delivery = self.add_row("운영방식", combo(reference.DELIVERIES, v.delivery))
        self.hours = self.add_row("연수시간", optional_spin(v.hours, 2000, tr("미정"), tr("시간")))
        self.credits = self.add_row("학점", optional_spin(v.credits, 30, tr("없음"), tr("학점")))
        attendance_box = QWidget()
        attendance_layout = QHBoxLayout(attendance_box)
        attendance_layout.setContentsMargins(0, 0, 0, 0)
        self.attendance = QSpinBox()
        self.attendance.setRange(0, 100)
        self.attendance.setSuffix("%")
        self.attendance.setValue(v.min_attendance_pct)
        self.excused = QCheckBox(tr("공결은 출석으로 인정"))
        self.excused.setChecked(bool(v.excused_counts))
        self.excused.setToolTip(tr("공결(인정 결석)한 교시를 출석률을 셀 때 들은 시간으로 봅니다."))
        attendance_layout.addWidget(self.attendance)
        attendance_layout.addWidget(self.excused, 1)
        self.add_row("이수 출석률(%)", attendance_box)
        self.attendance.valueChanged.connect(lambda *_: self._changed("이수 출석률(%)"))
        self.excused.toggled.connect(lambda *_: self._changed("이수 출석률(%)"))
        score_box = QWidget()
        score_layout = QHBoxLayout(score_box)
        score_layout.setContentsMargins(0, 0, 0, 0)
        self.scored = QCheckBox(tr("점수로 평가"))
        self.score = QSpinBox()
        self.score.setRange(0, 100)
        self.score.setSuffix(tr("점 이상"))
        self.scored.setChecked(v.min_score is not None)
        self.score.setValue(v.min_score if v.min_score is not None else 60)
        self.score.setEnabled(self.scored.isChecked())
        self.scored.toggled.connect(self.score.setEnabled)
        score_layout.addWidget(self.scored)
        score_layout.addWidget(self.score, 1)
        self.add_row("이수 점수", score_box)
        self.scored.toggled.connect(lambda *_: self._changed("이수 점수"))
        self.score.valueChanged.connect(lambda *_: self._changed("이수 점수"))
        no_task = tr(NO_TASK)
        tasks = [no_task] + [f"{code} {title}" for code, title in reference.plan_tasks().items()]
        current = next((t for t in tasks if t.split(" ")[0] == v.plan_task_code), no_task)
        self.task = self.add_row("실천과제", combo(tasks, current))
        self.planned_runs = self.add_row("계획 과정 수", optional_spin(v.planned_runs, 100_000,
                                                                   tr("없음"), tr("과정")))
        self.planned_people = self.add_row("계획 인원", optional_spin(v.planned_people, 10_000_000,
                                                                   tr("없음"), tr("명")))
        self.schedule = self.add_row(
            "추진 일정", line_edit(v.schedule_text, tr("예: '21.5월, 10월"), 200))
        flags = QWidget()
        flag_layout = QHBoxLayout(flags)
        flag_layout.setContentsMargins(0, 0, 0, 0)
        self.is_new = QCheckBox(tr("신규"))
        self.is_new.setChecked(v.is_new)
        self.is_expanded = QCheckBox(tr("확대"))
        self.is_expanded.setChecked(v.is_expanded)
        flag_layout.addWidget(self.is_new)
        flag_layout.addWidget(self.is_expanded)
        flag_layout.addStretch(1)
        self.form.addRow(tr("표시"), flags)
        self.notes = self.add_row("비고", text_box(v.notes, 70))
        if self.base is not None:
            self.form.insertRow(0, tr("과정코드"), line_edit(self.base.code))
            self.form.itemAt(0, self.form.ItemRole.FieldRole).widget().setReadOnly(True)

    def collect(self) -> CourseFields:
        task = self.task.currentText()  # index 0 is NO_TASK, whatever its translation
        return CourseFields(
            year=self.year.value(), title=self.title_edit.text(),
            category=self.category.currentText(), target_group=self.target.currentText(),
            department=self.department.currentText(), delivery=self.delivery.currentText(),
            hours=spin_value(self.hours), credits=spin_value(self.credits),
            min_attendance_pct=self.attendance.value(), excused_counts=self.excused.isChecked(),
            min_score=self.score.value() if self.scored.isChecked() else None,
            plan_task_code=None if self.task.currentIndex() == 0 else task.split(" ")[0],
            planned_runs=spin_value(self.planned_runs),
            planned_people=spin_value(self.planned_people),
            schedule_text=self.schedule.text(), is_new=self.is_new.isChecked(),
            is_expanded=self.is_expanded.isChecked(), notes=self.notes.toPlainText())

    def check(self, values: CourseFields) -> None:
        course_service.validate_fields(values)

    def save(self, values: CourseFields) -> int:
        with self.context.write() as session:
            if self.course_id is None:
                return course_service.create_course(session, values)
            course_service.update_course(session, self.course_id, self.base, values)
            return self.course_id

    def on_conflict(self) -> None:
        self.base = self.context.read(lambda s: course_service.course_detail(s, self.course_id))

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, course_id: int | None = None,
            year: int | None = None) -> int | None:
        """Show the dialog; the saved course's id, or None when cancelled."""
        dialog = cls(context, course_id, year, parent)
        return dialog.result_value if dialog.exec() else None

