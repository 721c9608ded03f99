"""Start the GUI: Qt application, embedded Korean font, database, main window."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from . import __version__, local_config, paths
from .db import Database, open_database
from .errors import UserError
from .views.i18n import tr


def install_fonts(app: QApplication) -> str:
    """Register the bundled Nanum fonts (Hangul renders as boxes without a Korean font)."""
    family = ""
    for name in ("NanumGothic.ttf", "NanumGothicBold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(paths.resources_dir() / "fonts" / name))
        if font_id >= 0 and not family:
            family = QFontDatabase.applicationFontFamilies(font_id)[0]
    if family:
        font = QFont(family, 10)
        font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        app.setFont(font)
    return family


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with Yeonsu's name, style and font (reused when one exists)."""
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("Yeonsu")
    app.setOrganizationName("Yeonsu")
    app.setApplicationDisplayName(tr("연수"))
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    install_fonts(app)
    install_qt_korean(app)
    return app


def install_qt_korean(app: QApplication) -> bool:
    """Qt's own texts (message-box Yes/No, file dialogs, context menus) in Korean.

    The translator is kept on the application so it lives as long as the program.
    """
    if getattr(app, "_yeonsu_qt_translator", None) is not None:
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea),
                           "qtbase", "_", folder):
        return False
    app.installTranslator(translator)
    app._yeonsu_qt_translator = translator
    return True


def _open(db_arg: str | None) -> Database | None:
    """Open the database; on failure offer the default file instead of giving up."""
    try:
        return open_database(db_arg)
    except UserError as exc:
        if not db_arg:
            QMessageBox.critical(None, tr("데이터베이스를 열 수 없습니다"), exc.message)
            return None
        box = QMessageBox(QMessageBox.Icon.Critical, tr("데이터베이스를 열 수 없습니다"),
                          tr("{message}\n\n이 PC의 기본 데이터베이스 파일로 열까요?")
                          .format(message=exc.message))
        default = box.addButton(tr("기본 파일로 열기"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("끝내기"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not default:
            return None
        return _open(None)


class _QuitAfterPaint(QObject):
    """Benchmark hook: report the time to the first painted main window, then quit."""

    def __init__(self, window, started: float) -> None:
        super().__init__()
        self.window = window
        self.started = started
        self.done = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if (not self.done and event.type() == QEvent.Type.Paint
                and getattr(watched, "window", lambda: None)() is self.window):
            self.done = True
            print(f"painted {time.perf_counter() - self.started:.3f}", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """``uv run main.py [--db PATH|URL] [--demo]``"""
    started = time.perf_counter()
    parser = argparse.ArgumentParser(prog="yeonsu", description=tr("연수 — 교육연수원 연수 행정"))
    parser.add_argument("--db", help=tr("데이터베이스 파일 경로 또는 SQLAlchemy URL"))
    parser.add_argument("--demo", action="store_true",
                        help=tr("빈 데이터베이스에 데모 자료를 묻지 않고 넣기"))
    args = parser.parse_args(list(argv) if argv is not None else None)
    app = create_application()
    config = local_config.load()
    database = _open(args.db or config.database or None)
    if database is None:
        return 2
    from .views.context import AppContext  # after the QApplication: widgets need it
    from .views.main_window import MainWindow

    window = MainWindow(AppContext(database, config))
    bench = os.environ.get("YEONSU_BENCH_QUIT_AFTER_PAINT")
    if bench:
        watcher = _QuitAfterPaint(window, started)
        app.installEventFilter(watcher)
    window.show()
    if not bench:
        QTimer.singleShot(0, lambda: window.offer_demo(ask=not args.demo))
    code = app.exec()
    window.context.database.dispose()
    return code
