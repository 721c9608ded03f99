"""도움말: a short Korean help page per screen (F1) and the table of every shortcut.

The page texts are HTML files in ``resources/help/`` (one per navigation page), so they can be
corrected without touching code and ship with the PyInstaller bundle like the other resources.
Korean is the source language; a translation would add a folder of its own beside them.
The shortcut table is built here from ``SHORTCUTS`` so it goes through ``tr()`` and a test can
check it against the shortcuts the code really sets.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from .. import paths
from .i18n import tr

# Navigation page title (main_window.PAGES) → its help file in resources/help/.
HELP_FILES = {"과정": "courses.html", "연수생": "trainees.html",
              "신청·선발": "registration.html", "명단·출결": "roster.html",
              "이수증": "certificates.html", "시설": "facilities.html",
              "숙소": "dormitory.html", "강사": "instructors.html", "예산": "budget.html",
              "통계": "statistics.html",
              "설정": "settings.html"}

# (keys, where, what): every shortcut of the program.  Keys as QKeySequence spells them
# (tests compare them with the code); where and what are Korean, translated when shown.
SHORTCUTS = (
    ("F1", "어디서나", "지금 화면의 도움말"),
    ("F5", "어디서나", "지금 화면 새로 고침"),
    ("Alt+1", "어디서나", "과정·기수 화면으로"),
    ("Alt+2", "어디서나", "연수생 화면으로"),
    ("Alt+3", "어디서나", "신청·선발 화면으로"),
    ("Alt+4", "어디서나", "명단·출결 화면으로"),
    ("Alt+5", "어디서나", "이수증(발급대장) 화면으로"),
    ("Alt+6", "어디서나", "시설(강의실 예약) 화면으로"),
    ("Alt+7", "어디서나", "숙소 화면으로"),
    ("Alt+8", "어디서나", "강사 화면으로"),
    ("Alt+9", "어디서나", "예산 화면으로"),
    ("Alt+0", "어디서나", "통계 화면으로"),
    ("Ctrl+N", "시설", "새 예약"),
    ("Ctrl+N", "예산", "집행 입력"),
    ("Ctrl+Z", "예산 표", "되돌리기"),
    ("Ctrl+Y", "예산 표", "다시 하기"),
    ("Ctrl+V", "예산 표", "엑셀에서 복사한 칸 붙여넣기 (Ctrl+C 복사 · Delete 지움 · Enter 아래로)"),
    ("Ctrl+Q", "어디서나", "끝내기"),
    ("Ctrl+L", "어디서나 (계정으로 로그인했을 때)", "화면 잠그기"),
    ("Ctrl+F", "과정·연수생·신청·선발·명단·출결", "검색 칸으로"),
    ("Ctrl+N", "과정", "새 과정"),
    ("Ctrl+N", "연수생", "새 연수생"),
    ("Ctrl+N", "신청·선발", "창구 등록"),
    ("Ctrl+N", "연수생 선택 창", "새 연수생 등록"),
    ("Enter", "과정·연수생 표", "고른 줄 수정"),
    ("Enter", "연수생 검색 칸", "바로 찾고 표로 옮겨 가기"),
    ("Enter", "기수 검색 칸", "첫 기수 열기"),
    ("Ctrl+S", "입력 창(과정·기수·연수생), 시간표", "저장"),
    ("Ctrl+Return", "시간표", "교시 추가"),
    ("Ctrl+S", "명단·출결", "출결 저장"),
    ("Ctrl+Z", "출결 표", "되돌리기 (Ctrl+Y 다시 하기)"),
    ("1 · Space", "출결 표", "고른 칸 출석 (2 지각 · 3 조퇴 · 4 결석 · 5 공결 · Delete 지움)"),
    ("Esc", "입력 창", "닫기 (저장하지 않은 변경이 있으면 저장·버리기·계속 편집을 물음)"),
)


def help_html(page_title: str) -> str:
    """The help page of a navigation page (its title as in ``main_window.PAGES``)."""
    path = paths.resources_dir() / "help" / HELP_FILES[page_title]
    return path.read_text(encoding="utf-8")


def shortcuts_html() -> str:
    """All shortcuts as one HTML table."""
    rows = "".join(
        # Qt names the key Return; the keyboard (and the button texts) say Enter.
        f"<tr><td><b>{html.escape(keys.replace('Return', 'Enter'))}</b></td>"
        f"<td>{html.escape(tr(where))}</td>"
        f"<td>{html.escape(tr(what))}</td></tr>" for keys, where, what in SHORTCUTS)
    return (f"<h2>{html.escape(tr('단축키'))}</h2>"
            "<table cellspacing='0' cellpadding='4' border='1' style='border-collapse:collapse'>"
            f"<tr><th>{html.escape(tr('키'))}</th><th>{html.escape(tr('어디서'))}</th>"
            f"<th>{html.escape(tr('하는 일'))}</th></tr>{rows}</table>"
            f"<p>{html.escape(tr('메뉴의 단축키는 메뉴 항목 옆에도 보입니다.'))}</p>")


class HelpDialog(QDialog):
    """A non-modal window showing one help text; the main window keeps one and reuses it.

    Non-modal on purpose: the user reads the steps while doing them on the screen behind.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setOpenExternalLinks(False)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("닫기"))
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def show_text(self, title: str, text: str) -> None:
        """Show ``text`` (HTML) under ``title`` and bring the window forward."""
        self.setWindowTitle(title)
        self.browser.setHtml(text)
        self.show()
        self.raise_()
        self.activateWindow()

    def text(self) -> str:
        """The shown text as plain text (for tests and copying)."""
        return self.browser.toPlainText()
