"""개인정보 파기 (관리자): persons with no activity for N years are listed first (a dry run);
their contact fields are erased only after a second, explicit confirmation, and exactly what
the list showed."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QListWidget, QSpinBox, QVBoxLayout,
                               QWidget)

from ..services import privacy
from ..services import settings as settings_service
from .context import AppContext
from .forms import push_button
from .i18n import tr
from .messages import confirm_risk, inform, show_error


class PurgeQuestion:
    """The last question before erasing; tests patch ``ask``."""

    @classmethod
    def ask(cls, parent: QWidget, summary: str) -> bool:
        return confirm_risk(parent, tr("개인정보 파기"), tr(
            "{summary}.\n\n지운 연락처는 되돌릴 수 없습니다 (감사 기록에 남습니다). "
            "파기할까요?").format(summary=summary))


class PurgeDialog(QDialog):
    """Years, the preview list, then 파기."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.plan: privacy.PurgePlan | None = None
        self.setWindowTitle(tr("개인정보 파기 (보유 기간이 지난 연락처)"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        note = QLabel(tr("마지막 활동(신청한 기수, 강의, 숙박, 기록 수정)에서 보유 기간이 지난 사람의 "
                         "전화·이메일·계좌를 지웁니다. 이수와 이수증 기록은 그대로 둡니다. 먼저 "
                         "목록을 보고, 그 목록 그대로만 파기합니다."))
        note.setWordWrap(True)
        layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("보유 기간(년)")))
        self.years = QSpinBox()
        self.years.setObjectName("retentionYears")
        self.years.setRange(1, 50)
        try:
            self.years.setValue(context.read(lambda s: settings_service.get(s, "retention_years")))
        except Exception:
            self.years.setValue(5)
        row.addWidget(self.years)
        row.addWidget(push_button(tr("미리 보기"), self.preview))
        row.addStretch(1)
        layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QListWidget()
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.purge_button = push_button(tr("파기"), self.purge)
        self.purge_button.setEnabled(False)
        buttons.addWidget(self.purge_button)
        buttons.addWidget(push_button(tr("닫기"), self.accept))
        layout.addLayout(buttons)
        self.years.valueChanged.connect(lambda *_: self._forget())

    def _forget(self) -> None:
        self.plan = None
        self.list.clear()
        self.summary.clear()
        self.purge_button.setEnabled(False)

    def preview(self) -> None:
        years = self.years.value()
        try:
            self.plan = self.context.read(lambda s: privacy.plan_purge(s, years))
        except Exception as exc:
            show_error(self, exc)
            return
        self.list.clear()
        self.list.addItems(self.plan.texts())
        self.summary.setText(self.plan.summary())
        self.purge_button.setEnabled(bool(self.plan.lines))

    def purge(self) -> None:
        plan = self.plan
        if plan is None or not plan.lines or not PurgeQuestion.ask(self, plan.summary()):
            return
        done, count = self.context.attempt(self, lambda s: privacy.purge(s, plan))
        if done:
            inform(self, tr("개인정보 파기"), tr("{n:,}명의 연락처를 지웠습니다.").format(n=count))
            self.preview()

    @classmethod
    def show_for(cls, parent: QWidget, context: AppContext) -> None:
        cls(context, parent).exec()
