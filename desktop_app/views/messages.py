"""User errors versus bugs: one place that shows either, in Korean."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from .. import logs
from ..errors import ConflictError, UserError
from .i18n import tr

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None, *,
               logged: bool = False) -> None:
    """A user error shows its Korean lines; anything else shows an apology with details.

    ``title`` comes translated from the caller; a UserError's message comes from the (Qt-free)
    services as it is.  ``logged``: the caller has already written the traceback to the log.
    """
    if isinstance(exc, UserError):
        box = QMessageBox(QMessageBox.Icon.Warning, title or _title(exc), exc.message,
                          QMessageBox.StandardButton.Ok, parent)
        if exc.details:
            log.info("user error: %s (%s)", exc.message, exc.details)
            box.setDetailedText(exc.details)
    else:
        if not logged:
            log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        box = QMessageBox(QMessageBox.Icon.Critical, title or tr("예기치 않은 오류"),
                          tr("작업 중 예기치 않은 오류가 났습니다. 저장되지 않은 내용은 바뀌지 "
                             "않았습니다. 프로그램은 계속 쓸 수 있습니다.\n문제가 계속되면 아래 "
                             "'자세히'의 내용(로그 파일: {log})을 담당자에게 보내 주십시오.")
                          .format(log=logs.log_path()),
                          QMessageBox.StandardButton.Ok, parent)
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.setObjectName("errorBox")
    box.exec()


def _title(exc: UserError) -> str:
    return (tr("다른 사용자가 먼저 고쳤습니다") if isinstance(exc, ConflictError)
            else tr("확인해 주십시오"))


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes/No question; No is the default."""
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def confirm_risk(parent: QWidget | None, title: str, text: str) -> bool:
    """A Yes/No question about something that may be a mistake: warning icon, No the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setObjectName("riskQuestion")
    return box.exec() == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
