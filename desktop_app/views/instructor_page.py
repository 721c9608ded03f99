"""강사 page: the instructor registry (강사 인력풀) — search, the excellent-instructor pool, a new
instructor from the person registry (one record per human), the profile, and the chosen
instructor's periods with hours per year; names typed in timetables that name no registered
instructor, to link."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QInputDialog, QLabel,
                               QLineEdit, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from ..services import clock, instructors
from ..services.instructors import InstructorProfile
from .context import AppContext
from .forms import FormDialog, combo, line_edit, push_button, text_box
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import inform, show_error
from .ui_state import save_header, setup_table

INSTRUCTOR_COLUMNS = [
    Column("성명", lambda r: r.name), Column("소속", lambda r: r.organization,
                                           tooltip=lambda r: r.organization),
    Column("분야", lambda r: r.fields, tooltip=lambda r: r.fields),
    Column("등급", lambda r: r.pay_grade), Column("우수강사", lambda r: r.excellent),
    Column("교시", lambda r: r.periods, align_right=True),
    Column("시간", lambda r: r.hours, align_right=True),
    Column("전화", lambda r: r.phone), Column("계좌", lambda r: r.account),
]
PERIOD_COLUMNS = [
    Column("날짜", lambda p: p.date), Column("시간", lambda p: f"{p.start:%H:%M}~{p.end:%H:%M}"),
    Column("기수", lambda p: p.run_code), Column("과정", lambda p: p.course_title,
                                               tooltip=lambda p: p.course_title),
    Column("과목", lambda p: p.subject, tooltip=lambda p: p.subject),
]


class InstructorDialog(FormDialog):
    """The profile of a new instructor (of ``person_id``) or of instructor ``instructor_id``."""

    def __init__(self, context: AppContext, *, person_id: int | None = None,
                 instructor_id: int | None = None, title_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("강사 정보") + (f" — {title_name}" if title_name else ""), parent)
        self.context, self.person_id, self.instructor_id = context, person_id, instructor_id
        self.version = 0
        values = InstructorProfile()
        if instructor_id is not None:
            detail = context.read(lambda s: instructors.instructor_detail(s, instructor_id))
            values, self.version = detail.profile, detail.version
        self.fields = self.add_row("분야", line_edit(values.fields, tr("예: 수업혁신, 인권"), 200))
        self.subjects = self.add_row("강의 과목", text_box(values.subjects, 40))
        self.qualifications = self.add_row("자격·경력", text_box(values.qualifications, 40))
        self.grade = self.add_row("강사료 등급", combo(("",) + instructors.PAY_GRADES,
                                                  values.pay_grade))
        self.bank = self.add_row("은행", line_edit(values.bank_name, "", 30))
        self.account = self.add_row("계좌번호", line_edit(values.bank_account, "123-45-678901", 40))
        self.holder = self.add_row("예금주", line_edit(values.account_holder, "", 50))
        self.excellent = QCheckBox(tr("우수강사 인력풀"))
        self.excellent.setChecked(values.excellent)
        self.add_row("우수강사", self.excellent)
        self.year = self.add_row("우수강사 연도", line_edit(
            str(values.excellent_year or ""), tr("예: 2021"), 4))
        self.reason = self.add_row("우수강사 사유", line_edit(values.excellent_reason, "", 500))
        self.meeting = self.add_row("사전협의회", text_box(values.meeting_notes, 50))
        self.note = self.add_row("비고", text_box(values.note, 40))
        self.active = QCheckBox(tr("지금 강의함 (시간표에서 고를 수 있음)"))
        self.active.setChecked(values.active)
        self.add_row("활동", self.active)

    def collect(self) -> InstructorProfile:
        year = self.year.text().strip()
        return InstructorProfile(
            self.fields.text(), self.subjects.toPlainText(), self.qualifications.toPlainText(),
            self.grade.currentText(), self.bank.text(), self.account.text(), self.holder.text(),
            self.excellent.isChecked(), int(year) if year.isdigit() else None,
            self.reason.text(), self.meeting.toPlainText(), self.note.toPlainText(),
            self.active.isChecked())

    def check(self, values: InstructorProfile) -> None:
        from ..errors import Problems
        p = Problems()
        instructors.check_profile(p, values)
        if self.year.text().strip() and not self.year.text().strip().isdigit():
            p.add("우수강사 연도", tr("연도는 숫자로 적습니다."))
        p.raise_if_any()

    def save(self, values: InstructorProfile) -> int:
        with self.context.write() as session:
            if self.instructor_id is None:
                return instructors.register(session, values, person_id=self.person_id)
            instructors.update_profile(session, self.instructor_id, self.version, values)
            return self.instructor_id


class PersonChoice:
    """The person to register as an instructor (found or newly registered), or None."""

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext) -> int | None:
        from .person_picker import PersonPickerDialog
        return PersonPickerDialog.ask(parent, context, tr("강사로 등록할 사람 (없으면 새로 등록)"))


class ProfileQuestion:
    """Opens the profile dialog; True when saved."""

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, **where) -> int | None:
        dialog = InstructorDialog(context, parent=parent, **where)
        return dialog.result_value if dialog.exec() else None


class LinkQuestion:
    """(name, instructor label) to link, or None."""

    @classmethod
    def ask(cls, parent: QWidget, names: list[str], labels: list[str]) -> tuple[str, str] | None:
        name, ok = QInputDialog.getItem(parent, tr("이름만 있는 강사"),
                                        tr("시간표에 이름만 적힌 강사 (교시 수)"), names, 0, False)
        if not ok:
            return None
        label, ok = QInputDialog.getItem(parent, tr("이름만 있는 강사"),
                                         tr("'{name}'은(는) 누구입니까?").format(name=name),
                                         labels, 0, False)
        return (name, label) if ok else None


class InstructorPage(QWidget):
    """The registry and the chosen instructor's teaching."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        outer = QVBoxLayout(self)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs)
        registry = QWidget()
        layout = QVBoxLayout(registry)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("instructorSearch")
        self.search.setPlaceholderText(tr("성명·소속·분야·과목 검색"))
        # a pause in the typing, not every key, reads the registry again (as the trainee list)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        bar.addWidget(self.search, 1)
        self.excellent_only = QCheckBox(tr("우수강사만"))
        self.excellent_only.toggled.connect(lambda _c: self.refresh())
        bar.addWidget(self.excellent_only)
        bar.addWidget(QLabel(tr("교시·시간")))
        self.year_box = QComboBox()
        self.year_box.setObjectName("instructorYear")
        today = context.read(clock.today)
        self.year_box.addItem(tr("모든 해"), None)
        for year in range(today.year + 1, today.year - 6, -1):
            self.year_box.addItem(tr("{year}년").format(year=year), year)
        self.year_box.setCurrentIndex(self.year_box.findData(today.year))
        self.year_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.year_box)
        self.full = QCheckBox(tr("전화·계좌 전체 보기"))
        self.full.setToolTip(tr("지급 업무처럼 꼭 필요할 때만 켜십시오."))
        self.full.toggled.connect(lambda _c: self.refresh())
        bar.addWidget(self.full)
        layout.addLayout(bar)
        actions = QHBoxLayout()
        for text, slot in ((tr("새 강사…"), self.add), (tr("강사 정보…"), self.edit),
                           (tr("이름만 있는 강사…"), self.link_names)):
            actions.addWidget(push_button(text, slot))
        actions.addStretch(1)
        self.count = QLabel()
        actions.addWidget(self.count)
        layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = ListTableModel(INSTRUCTOR_COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "instructors", {0: 70, 1: 150, 2: 120, 3: 44, 4: 60, 5: 44, 6: 50,
                                               7: 110})
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_detail())
        self.view.doubleClicked.connect(lambda _i: self.edit())
        splitter.addWidget(self.view)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.detail = QLabel()
        self.detail.setObjectName("instructorDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right_layout.addWidget(self.detail)
        self.period_model = ListTableModel(PERIOD_COLUMNS, self)
        self.periods = QTableView()
        self.periods.setModel(self.period_model)
        setup_table(self.periods, "instructorPeriods", {0: 90, 1: 90, 2: 100, 3: 160})
        right_layout.addWidget(self.periods, 1)
        splitter.addWidget(right)
        splitter.setSizes([700, 440])
        layout.addWidget(splitter, 1)
        self.tabs.addTab(registry, tr("강사 명단"))
        from .pay_tab import PayTab

        self.pay_tab = PayTab(context)
        self.tabs.addTab(self.pay_tab, tr("강사수당"))
        self.refresh()

    def refresh(self) -> None:
        text, excellent = self.search.text(), self.excellent_only.isChecked()
        year, full = self.year_box.currentData(), self.full.isChecked()
        chosen = self.current()
        try:
            rows = self.context.read(lambda s: instructors.instructor_rows(
                s, text, excellent_only=excellent, year=year, full=full))
        except Exception as exc:
            show_error(self, exc)
            return
        self.model.set_rows(rows)
        self.count.setText(tr("강사 {n}명").format(n=len(rows)))
        ids = [r.id for r in rows]
        if rows:
            row = ids.index(chosen.id) if chosen and chosen.id in ids else 0
            self.view.setCurrentIndex(self.model.index(row, 0))
        self.show_detail()

    def current(self):
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def show_detail(self) -> None:
        row = self.current()
        if row is None:
            self.detail.setText(tr("등록된 강사가 없습니다. '새 강사…'로 등록하십시오."))
            self.period_model.set_rows([])
            return
        try:
            detail = self.context.read(lambda s: instructors.instructor_detail(s, row.id))
        except Exception as exc:
            show_error(self, exc)
            return
        p = detail.profile
        hours = " · ".join(f"{y}년 {h:g}시간" for y, h in detail.hours_by_year.items())
        from html import escape
        lines = [f"<b>{escape(detail.label)}</b>" + (f" — {escape(p.fields)}" if p.fields else ""),
                 tr("강사료 등급: {g}").format(g=p.pay_grade or tr("미정")),
                 tr("강의 시간: {h}").format(h=hours or tr("아직 없음")),
                 tr("받은 강사수당: {p}").format(p=" · ".join(
                     f"{y}년 {won:,}원" for y, won in detail.paid_by_year.items()) or tr("없음")),
                 tr("만족도: {s}").format(s=" · ".join(
                     tr("{y}년 {pct:.1f}% ({n}명)").format(y=y, pct=pct, n=n)
                     for y, (n, pct) in detail.satisfaction_by_year.items()) or tr("응답 없음"))]
        if p.excellent:
            lines.append(tr("우수강사 {y}년: {r}").format(y=p.excellent_year, r=p.excellent_reason))
        if p.meeting_notes:
            lines.append(tr("사전협의회: {n}").format(n=p.meeting_notes))
        self.detail.setText("<br>".join(lines[:1] + [escape(x) for x in lines[1:]]))
        self.period_model.set_rows(detail.periods)

    def on_database_changed(self) -> None:
        self.refresh()
        self.pay_tab.on_database_changed()

    def save_state(self) -> None:
        save_header(self.view, "instructors")
        save_header(self.periods, "instructorPeriods")
        self.pay_tab.save_state()

    # ------------------------------------------------------------ acting

    def add(self) -> int | None:
        person_id = PersonChoice.ask(self, self.context)
        if person_id is None:
            return None
        made = ProfileQuestion.ask(self, self.context, person_id=person_id)
        if made is not None:
            self.search.clear()
            self.refresh()
            ids = [r.id for r in self.model.rows()]
            if made in ids:
                self.view.setCurrentIndex(self.model.index(ids.index(made), 0))
        return made

    def edit(self) -> int | None:
        row = self.current()
        if row is None:
            return None
        saved = ProfileQuestion.ask(self, self.context, instructor_id=row.id, title_name=row.label)
        if saved is not None:
            self.refresh()
        return saved

    def link_names(self) -> int:
        try:
            names, choices = self.context.read(lambda s: (instructors.unmapped_names(s),
                                                          instructors.choices(s)))
        except Exception as exc:
            show_error(self, exc)
            return 0
        if not names:
            inform(self, tr("이름만 있는 강사"), tr("시간표의 강사가 모두 강사 명단에 연결되어 있습니다."))
            return 0
        if not choices:
            inform(self, tr("이름만 있는 강사"), tr("먼저 '새 강사…'로 강사를 등록하십시오."))
            return 0
        shown = [f"{name} ({n})" for name, n in names]
        answer = LinkQuestion.ask(self, shown, [label for _id, label in choices])
        if answer is None:
            return 0
        name = names[shown.index(answer[0])][0]
        instructor_id = next(i for i, label in choices if label == answer[1])
        done, count = self.context.attempt(self, lambda s: instructors.link_name(
            s, name, instructor_id))
        if done:
            self.refresh()
        return count if done else 0
