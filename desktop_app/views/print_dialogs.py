"""What to print: the roster's columns, full or masked personal data, orientation, order."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QGridLayout, QLabel,
                               QVBoxLayout, QWidget)

from ..services import roster_print
from ..services.roster_print import RosterPrint
from .forms import dialog_buttons
from .i18n import tr

#: the columns ticked the first time (a lecturer's roster with a place to sign)
DEFAULT_COLUMNS = ("birth_date", "signature")


class RosterPrintDialog(QDialog):
    """Choose the printed roster's extra columns and form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("명단 PDF"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("번호·성명·소속·직위에 더할 열")))
        grid = QGridLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for index, (key, spec) in enumerate(roster_print.OPTIONAL.items()):
            box = QCheckBox(tr(spec[0]))
            box.setChecked(key in DEFAULT_COLUMNS)
            self.boxes[key] = box
            grid.addWidget(box, index // 4, index % 4)
        layout.addLayout(grid)
        form = QFormLayout()
        self.full = QCheckBox(tr("생년월일·전화번호·나이스 개인번호를 가리지 않음"))
        self.full.setToolTip(tr("강사에게 주는 명단은 가린 채로 두십시오 (개인정보 보호)."))
        form.addRow(tr("개인정보"), self.full)
        self.landscape = QCheckBox(tr("가로 방향"))
        form.addRow(tr("용지"), self.landscape)
        self.sort = QComboBox()
        self.sort.addItems([tr(label) for label in roster_print.SORTS.values()])
        form.addRow(tr("정렬"), self.sort)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, tr("만들기"), tr("닫기"), self.accept))

    def value(self) -> RosterPrint:
        columns = tuple(key for key, box in self.boxes.items() if box.isChecked())
        sort = list(roster_print.SORTS)[self.sort.currentIndex()]
        return RosterPrint(columns, self.full.isChecked(), self.landscape.isChecked(), sort)

    @classmethod
    def ask(cls, parent: QWidget) -> RosterPrint | None:
        dialog = cls(parent)
        return dialog.value() if dialog.exec() else None


class SigninQuestion:
    """출석부 PDF: a page per day or per period."""

    @classmethod
    def ask(cls, parent: QWidget) -> str | None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, tr("출석부 PDF"),
                          tr("서명 받을 출석부를 어떻게 나눌까요?"), parent=parent)
        by_day = box.addButton(tr("하루에 한 장"), QMessageBox.ButtonRole.AcceptRole)
        by_period = box.addButton(tr("교시마다 한 장"), QMessageBox.ButtonRole.AcceptRole)
        close = box.addButton(tr("닫기"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(by_day)
        box.setEscapeButton(close)
        box.exec()
        clicked = box.clickedButton()
        return "day" if clicked is by_day else "period" if clicked is by_period else None


class PeriodQuestion(QDialog):
    """The period a training record statement covers (this year by default)."""

    def __init__(self, start, end, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QDateEdit

        super().__init__(parent)
        self.setWindowTitle(tr("연수 이력 확인서"))
        form = QFormLayout(self)
        self.start, self.end = QDateEdit(start), QDateEdit(end)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(tr("기간 시작"), self.start)
        form.addRow(tr("기간 끝"), self.end)
        form.addRow(dialog_buttons(self, tr("만들기"), tr("닫기"), self.accept))

    def value(self):
        return self.start.date().toPython(), self.end.date().toPython()

    @classmethod
    def ask(cls, parent: QWidget, start, end):
        dialog = cls(start, end, parent)
        return dialog.value() if dialog.exec() else None
