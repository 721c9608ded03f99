"""프로그램 정보: the version, where this PC keeps the data and the log, and the licences of the
bundled fonts and libraries (the font licence in full, as the OFL asks)."""

from __future__ import annotations

import html
import sys
from importlib import metadata

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from .. import __version__, logs, paths
from .i18n import tr

#: (distribution, what it does here, licence) — the licences as their projects publish them
LIBRARIES = (
    ("PySide6-Essentials", "Qt 6 화면", "LGPL-3.0 (Qt for Python)"),
    ("PySide6-Addons", "PDF 미리 보기 (Qt PDF)", "LGPL-3.0 (Qt for Python)"),
    ("SQLAlchemy", "데이터베이스", "MIT"),
    ("alembic", "데이터베이스 구조 바꾸기", "MIT"),
    ("psycopg", "PostgreSQL 연결", "LGPL-3.0"),
    ("openpyxl", "엑셀 읽기", "MIT"),
    ("XlsxWriter", "엑셀 쓰기", "BSD-2-Clause"),
    ("python-calamine", "엑셀 빨리 읽기", "MIT"),
    ("lxml", "XML", "BSD-3-Clause"),
    ("reportlab", "PDF", "BSD-3-Clause"),
    ("segno", "QR 코드", "BSD-3-Clause"),
    ("pillow", "그림(직인)", "MIT-CMU (HPND)"),
    ("holidays", "공휴일", "MIT"),
)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


def about_html(database: str) -> str:
    """The dialog's text: program, places, then the licences."""
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{html.escape(_version(name))}</td>"
        f"<td>{html.escape(tr(what))}</td><td>{html.escape(licence)}</td></tr>"
        for name, what, licence in LIBRARIES)
    try:
        font_licence = (paths.resources_dir() / "fonts" / "LICENSE-Nanum.txt").read_text(
            encoding="utf-8")
    except OSError:
        font_licence = "SIL Open Font License 1.1"
    python = sys.version.split()[0]
    return (
        f"<h2>{html.escape(tr('연수'))} {html.escape(__version__)}</h2>"
        f"<p>{html.escape(tr('교육연수원 연수 행정 프로그램'))}</p>"
        f"<p>{html.escape(tr('데이터베이스'))}: {html.escape(database)}<br>"
        f"{html.escape(tr('데이터 폴더'))}: {html.escape(str(paths.data_dir(create=False)))}<br>"
        f"{html.escape(tr('로그 파일'))}: {html.escape(str(logs.log_path()))}</p>"
        f"<h3>{html.escape(tr('함께 쓰는 프로그램과 라이선스'))}</h3>"
        f"<table cellpadding='3'><tr><th>{tr('이름')}</th><th>{tr('버전')}</th>"
        f"<th>{tr('쓰임')}</th><th>{tr('라이선스')}</th></tr>"
        f"<tr><td>Python</td><td>{python}</td><td></td><td>PSF-2.0</td></tr>{rows}</table>"
        f"<h3>{html.escape(tr('글꼴: 나눔고딕, 나눔명조 (SIL Open Font License 1.1)'))}</h3>"
        f"<pre style='font-size:8pt'>{html.escape(font_licence)}</pre>")


class AboutDialog(QDialog):
    """Shows :func:`about_html` with 데이터 폴더 열기 and 닫기."""

    def __init__(self, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("프로그램 정보"))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("aboutText")
        self.text.setHtml(about_html(database))
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        folder = QPushButton(tr("데이터 폴더 열기"))
        folder.clicked.connect(self.open_folder)
        close = QPushButton(tr("닫기"))
        close.clicked.connect(self.accept)
        row.addWidget(folder)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

    def open_folder(self) -> bool:
        from .file_dialogs import open_data_folder

        return open_data_folder()
