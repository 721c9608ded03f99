"""What a role sees: a page whose data the user's roles cannot change shows a "보기 전용" note
and hides its changing buttons (finding, exporting and printing stay).  The services refuse
those writes anyway (see :mod:`desktop_app.access`); this only keeps them out of the way.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QPushButton, QVBoxLayout, QWidget

from .. import access
from .i18n import tr

#: page key → the roles that change its data
PAGE_ROLES: dict[str, frozenset[str]] = {
    "과정": frozenset({access.COURSES}),
    "연수생": frozenset({access.COURSES}),
    "신청·선발": frozenset({access.COURSES}),
    "명단·출결": frozenset({access.COURSES}),
    "이수증": frozenset({access.CERTIFICATES}),
    "시설": frozenset({access.FACILITIES}),
    "숙소": frozenset({access.DORMITORY}),
    "강사": frozenset({access.COURSES, access.BUDGET}),
    "예산": frozenset({access.BUDGET}),
    "통계": frozenset({access.COURSES}),
}
#: words of a button that only reads, finds, exports or prints (kept for everyone)
READING_WORDS = ("엑셀로", "엑셀…", "PDF", "내보내기", "찾기", "필터", "다시 불러오기", "오늘",
                 "견본", "진위 확인", "연수 이력", "연간 엑셀", "닫기", "합계 점검", "식수 엑셀",
                 "신청·선발로", "지금 백업", "저장…", "보기", "대장…")
#: words that make a button a change even when it also finds or reads ("중복 찾기·병합…")
WRITING_WORDS = ("올리기", "병합", "가져오기")
#: a button of a page two roles share that only one of them may use
BUTTON_ROLES: dict[str, frozenset[str]] = {
    "지급…": frozenset({access.BUDGET}),           # a payment is the budget's spending
    "새 강사…": frozenset({access.COURSES}),
}
NOTE_NAME = "readOnlyNote"


def reads_only(text: str) -> bool:
    """True for a button whose text says it only reads (finds, exports, prints)."""
    return (any(word in text for word in READING_WORDS)
            and not any(word in text for word in WRITING_WORDS))


def may_change(who: access.Who, page_key: str) -> bool:
    """True when ``who`` may change what the page ``page_key`` shows."""
    roles = PAGE_ROLES.get(page_key)
    return roles is None or who.may(*roles)


def apply(page: QWidget, page_key: str, who: access.Who) -> bool:
    """Hide what ``who`` cannot do on ``page``; True when the page became read-only."""
    read_only = not may_change(who, page_key)
    for button in page.findChildren(QPushButton):
        text = button.text().replace("&", "")
        roles = BUTTON_ROLES.get(text)
        if (roles is not None and not who.may(*roles)) or (read_only and not reads_only(text)):
            button.hide()
    if not read_only:
        return False
    for view in page.findChildren(QAbstractItemView):
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    layout = page.layout()
    if isinstance(layout, QVBoxLayout) and page.findChild(QLabel, NOTE_NAME) is None:
        need = ", ".join(r for r in access.ROLES if r in PAGE_ROLES[page_key])
        note = QLabel(tr("보기 전용: 이 화면의 자료를 바꾸려면 {roles} 역할이 필요합니다.").format(
            roles=need))
        note.setObjectName(NOTE_NAME)
        note.setStyleSheet("background: #FFF4CE; padding: 4px;")
        layout.insertWidget(0, note)
    return True
