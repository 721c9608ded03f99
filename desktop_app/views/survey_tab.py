"""통계 → 만족도: the year's satisfaction as the report splits it (교원/지방공무원 × 집합/원격),
every run surveyed, and the chosen run's results (items, instructors — low scores shaded —,
comments); answers imported from a form's export after a preview; the result sheet as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QInputDialog, QLabel,
                               QPlainTextEdit, QSplitter, QTableView, QVBoxLayout, QWidget)

from ..errors import ValidationError
from ..excel.reader import read_rows
from ..services import survey_print, surveys
from ..services.runs import find_run_id
from .context import AppContext
from .file_dialogs import SHEET_FILTER, FileChooser
from .forms import dialog_buttons, push_button
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import confirm, inform, show_error
from .pdf_preview import make_pdf
from .save_file import save_in_background
from .ui_state import save_header, setup_table

LOW = QBrush(QColor("#F8D7D5"))
def score_columns(first: str) -> list[Column]:
    """An item's or an instructor's answers: count, mean, % satisfied."""
    return [
        Column(first, lambda s: s.label, tooltip=lambda s: s.label),
        Column("응답", lambda s: s.answers, align_right=True),
        Column("평균(5점)", lambda s: "" if s.mean is None else f"{s.mean:.2f}", align_right=True),
        Column("만족(%)", lambda s: "" if s.satisfied_pct is None else f"{s.satisfied_pct:.1f}",
               align_right=True),
    ]
RUN_COLUMNS = [
    Column("기수", lambda r: r.run_code), Column("과정", lambda r: r.course_title,
                                               tooltip=lambda r: r.course_title),
    Column("대상", lambda r: r.group), Column("방식", lambda r: r.delivery),
    Column("응답(명)", lambda r: r.responses, align_right=True),
    Column("만족(%)", lambda r: r.satisfied_pct, align_right=True),
]


class ScoreModel(ListTableModel):
    """Scores; those under the low mark shaded."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            row = self.row_at(index.row())
            return LOW if row is not None and row.low else None
        return super().data(index, role)


class ColumnsQuestion:
    """The columns as the user confirmed them, or None."""

    @classmethod
    def ask(cls, parent: QWidget, header, choices, guessed):
        return ColumnsDialog.ask(parent, header, choices, guessed)


class RunCodeQuestion:
    """The run to import answers into, by its code, or None."""

    @classmethod
    def ask(cls, parent: QWidget, suggested: str) -> str | None:
        code, ok = QInputDialog.getText(parent, tr("만족도 응답 가져오기"),
                                        tr("응답을 넣을 기수코드 (예: 2021-118-01)"), text=suggested)
        return code.strip() if ok and code.strip() else None


class AnswerFile:
    @classmethod
    def ask(cls, parent: QWidget) -> str | None:
        return FileChooser.open_path(parent, tr("만족도 응답 파일"), "", SHEET_FILTER)


class ColumnsDialog(QDialog):
    """What each column of the file holds, guessed and corrected by hand (like the roster
    upload's mapping)."""

    def __init__(self, header: list[object], choices: list[surveys.Target],
                 guessed: dict[int, surveys.Target], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("만족도 응답 파일의 열"))
        self.setMinimumWidth(620)
        self.choices = choices
        layout = QVBoxLayout(self)
        note = QLabel(tr("열마다 무엇인지 확인하고 틀리면 고치십시오. 점수는 1~5 또는 '매우 그렇다'~"
                         "'전혀 그렇지 않다'입니다."))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.boxes: dict[int, QComboBox] = {}
        for n, title in enumerate(header):
            if not str(title or "").strip():
                continue
            box = QComboBox()
            box.addItem(tr("쓰지 않음"), None)
            for k, target in enumerate(choices):
                box.addItem(target.label, k)
            chosen = guessed.get(n)
            if chosen is not None:
                box.setCurrentIndex(1 + next((k for k, t in enumerate(choices)
                                              if (t.kind, t.ref) == (chosen.kind, chosen.ref)), -1))
            form.addRow(str(title), box)
            self.boxes[n] = box
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, tr("다음"), tr("닫기"), self.accept))

    def columns(self) -> dict[int, surveys.Target]:
        return {n: self.choices[box.currentData()] for n, box in self.boxes.items()
                if box.currentData() is not None}

    @classmethod
    def ask(cls, parent: QWidget, header, choices, guessed):
        dialog = cls(header, choices, guessed, parent)
        return dialog.columns() if dialog.exec() else None


class AnswerDialog(QDialog):
    """One response typed from a paper form: a score per item and instructor, a comment."""

    def __init__(self, title: str, questions: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.boxes: list[QComboBox] = []
        for question in questions:
            box = QComboBox()
            box.addItems(["", "5", "4", "3", "2", "1"])
            form.addRow(question, box)
            self.boxes.append(box)
        self.comment = QPlainTextEdit()
        self.comment.setFixedHeight(60)
        form.addRow(tr("자유 의견"), self.comment)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, tr("저장"), tr("닫기"), self.accept, save=True))

    def values(self) -> tuple[list[int | None], str]:
        return ([int(b.currentText()) if b.currentText() else None for b in self.boxes],
                self.comment.toPlainText().strip())

    @classmethod
    def ask(cls, parent: QWidget, title: str, questions: list[str]):
        dialog = cls(title, questions, parent)
        return dialog.values() if dialog.exec() else None


class SurveyTab(QWidget):
    """The year's satisfaction; the page gives it the year."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.year: int | None = None
        self._task = None
        self.preview = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("surveySummary")
        self.summary.setWordWrap(True)
        bar.addWidget(self.summary, 1)
        bar.addWidget(push_button(tr("응답 가져오기…"), self.import_answers,
                                  tr("온라인 설문에서 내려받은 .xlsx/.csv를 기수에 넣습니다.")))
        bar.addWidget(push_button(tr("응답 입력…"), self.type_answer,
                                  tr("종이 설문지 한 장을 고른 기수에 입력합니다.")))
        bar.addWidget(push_button(tr("결과 PDF…"), self.print_result))
        bar.addWidget(push_button(tr("연간 엑셀…"), self.export_year))
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.run_model = ListTableModel(RUN_COLUMNS, self)
        self.runs = QTableView()
        self.runs.setModel(self.run_model)
        setup_table(self.runs, "surveyRuns", {0: 100, 1: 220, 2: 70, 3: 44, 4: 64})
        self.runs.selectionModel().currentRowChanged.connect(lambda *_a: self.show_run())
        splitter.addWidget(self.runs)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.run_label = QLabel()
        self.run_label.setObjectName("surveyRun")
        self.run_label.setWordWrap(True)
        right_layout.addWidget(self.run_label)
        self.item_model = ScoreModel(score_columns("문항"), self)
        self.items_view = QTableView()
        self.items_view.setModel(self.item_model)
        setup_table(self.items_view, "surveyItems", {0: 300, 1: 50, 2: 70})
        right_layout.addWidget(self.items_view, 2)
        self.teacher_model = ScoreModel(score_columns("강사"), self)
        self.teachers_view = QTableView()
        self.teachers_view.setModel(self.teacher_model)
        setup_table(self.teachers_view, "surveyTeachers", {0: 300, 1: 50, 2: 70})
        right_layout.addWidget(self.teachers_view, 1)
        self.comments = QPlainTextEdit()
        self.comments.setReadOnly(True)
        self.comments.setPlaceholderText(tr("자유 의견"))
        right_layout.addWidget(self.comments, 1)
        splitter.addWidget(right)
        splitter.setSizes([520, 620])
        layout.addWidget(splitter, 1)

    def set_year(self, year: int | None) -> None:
        self.year = year
        self.refresh()

    def refresh(self) -> None:
        year = self.year
        if year is None:
            return
        try:
            table, runs = self.context.read(lambda s: surveys.year_results(s, year))
        except Exception as exc:
            show_error(self, exc)
            return
        parts = [f"{s.label} {s.satisfied_pct:.1f}%" for s in table.values()
                 if s.satisfied_pct is not None]
        self.summary.setText(tr("{year}년 만족도 (5점 중 4·5점 비율): {parts}").format(
            year=year, parts=" · ".join(parts) or tr("응답 없음")))
        chosen = self.current()
        self.run_model.set_rows(runs)
        codes = [r.run_code for r in runs]
        if runs:
            row = codes.index(chosen.run_code) if chosen and chosen.run_code in codes else 0
            self.runs.setCurrentIndex(self.run_model.index(row, 0))
        self.show_run()

    def current(self):
        index = self.runs.currentIndex()
        return self.run_model.row_at(index.row()) if index.isValid() else None

    def show_run(self) -> None:
        row = self.current()
        if row is None:
            self.run_label.setText(tr("만족도 응답이 있는 기수가 없습니다. '응답 가져오기…'로 넣으십시오."))
            for model in (self.item_model, self.teacher_model):
                model.set_rows([])
            self.comments.setPlainText("")
            return
        try:
            result = self.context.read(lambda s: surveys.run_result(
                s, find_run_id(s, row.run_code)))
        except Exception as exc:
            show_error(self, exc)
            return
        rate = "" if result.response_rate is None else f" ({result.response_rate:.1f}%)"
        self.run_label.setText(tr("{code} {title}: 응답 {n}명 / 선발 {m}명{rate} · 분홍: 만족 {low:.0f}% 미만")
                               .format(code=result.run_code, title=result.course_title,
                                       n=result.responses, m=result.selected, rate=rate,
                                       low=surveys.LOW_PCT))
        self.item_model.set_rows(result.items)
        self.teacher_model.set_rows(result.instructors)
        self.comments.setPlainText("\n".join(f"· {c}" for c in result.comments))

    def save_state(self) -> None:
        for view in (self.runs, self.items_view, self.teachers_view):
            save_header(view, view.objectName())

    # ------------------------------------------------------------ acting

    def import_answers(self) -> int | None:
        row = self.current()
        code = RunCodeQuestion.ask(self, row.run_code if row else "")
        if code is None:
            return None
        chosen = AnswerFile.ask(self)
        if not chosen:
            return None
        # the items get their ids before the columns are matched to them
        if not self.context.attempt(self, lambda s: surveys.ensure_questionnaire(
                s, find_run_id(s, code)))[0]:
            return None
        try:
            sheet = surveys.answer_sheet(read_rows(Path(chosen)))
            header = sheet.rows[0] if sheet.rows else []

            def read(s):
                run_id = find_run_id(s, code)
                try:
                    guessed = surveys.guess_for_run(s, run_id, header)
                except ValidationError:
                    guessed = {}          # two columns alike: the user picks
                return surveys.targets(s, run_id), guessed

            choices, guessed = self.context.read(read)
        except Exception as exc:
            show_error(self, exc)
            return None
        picked = ColumnsQuestion.ask(self, header, choices, guessed)
        if picked is None:
            return None

        def plan(s):
            return surveys.plan_import(s, find_run_id(s, code), sheet, picked)

        try:
            found = self.context.read(plan)
        except Exception as exc:
            show_error(self, exc)
            return None
        columns = ", ".join(f"'{t.label}'" for t in found.columns.values())
        text = tr("{code}: 새 응답 {n}건 (이미 있는 {a}건은 건너뜀)\n읽는 열: {columns}").format(
            code=code, n=len(found.responses), a=found.already, columns=columns)
        if found.unmapped:
            text += "\n" + tr("쓰지 않는 열: {names}").format(names=", ".join(found.unmapped))
        if not found.responses:
            inform(self, tr("만족도 응답 가져오기"), text)
            return 0
        if not confirm(self, tr("만족도 응답 가져오기"), text + "\n\n" + tr("가져올까요?")):
            return None
        done, added = self.context.attempt(self, lambda s: surveys.apply_import(
            s, plan(s), Path(chosen).name))
        self.refresh()
        return added if done else None

    def type_answer(self) -> int | None:
        """A paper form typed in: one response, through the same import as a file."""
        row = self.current()
        code = RunCodeQuestion.ask(self, row.run_code if row else "")   # any run, answered or not
        if code is None:
            return None

        try:
            header = self.context.read(lambda s: surveys.questions(s, find_run_id(s, code)))
        except Exception as exc:
            show_error(self, exc)
            return None
        answer = AnswerDialog.ask(self, tr("{code} 만족도 응답 입력").format(code=code), header)
        if answer is None:
            return None
        scores, comment = answer
        done, added = self.context.attempt(self, lambda s: surveys.add_typed(
            s, find_run_id(s, code), scores, comment))
        self.refresh()
        return added if done else None

    def print_result(self):
        row = self.current()
        if row is None:
            return None
        self._task = make_pdf(self, self.context, tr("{code} 만족도 결과").format(code=row.run_code),
                              lambda s, path: survey_print.result_pdf(
                                  s, find_run_id(s, row.run_code), path))
        return self._task

    def export_year(self):
        year = self.year
        if year is None:
            return None
        self._task = save_in_background(
            self, self.context, tr("만족도 엑셀로 저장"), Path(f"만족도_{year}.xlsx"),
            lambda s, path: survey_print.year_xlsx(s, year, path), lambda _p: None)
        return self._task
