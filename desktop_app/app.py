"""Start the GUI: Qt application, embedded Korean font, main window, then the database.

Start-up order matters for how fast the window appears: only Qt and a few small modules are
imported before the first paint; the database stack (SQLAlchemy, the services, the pages) is
imported and opened in the background while the window shows a loading page.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future

from . import __version__, local_config, logs, paths

log = logging.getLogger(__name__)

NO_DISPLAY_EXIT = 2
NO_DISPLAY_MESSAGE = (
    "화면(디스플레이)을 찾지 못해 창을 열 수 없습니다. 창 없이 쓰는 명령은 "
    "'uv run python -m desktop_app --help'로 보십시오 (예: course list, backup --out 파일).\n"
    "No display was found, so the window cannot open. For the headless commands run "
    "'uv run python -m desktop_app --help' (e.g. course list, backup --out FILE).")
# Qt platforms that need no screen at all.
_HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "vkkhrdisplay", "eglfs", "linuxfb")


def display_problem(environ=os.environ, platform_name: str = sys.platform) -> str | None:
    """Why Qt would find no screen here (then it aborts the process), or None when it can open.

    Only Linux and the BSDs need a display server; Windows and macOS always have a screen.
    """
    if not platform_name.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    requested = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if requested in _HEADLESS_PLATFORMS:
        return None
    if environ.get("WAYLAND_DISPLAY") and requested in ("", "wayland", "wayland-egl"):
        return None
    display = environ.get("DISPLAY", "").strip()
    if not display:
        return "no DISPLAY"
    if display.startswith(":"):  # a local X server listens on a socket we can look for
        number = display[1:].split(".")[0]
        if number.isdigit() and not os.path.exists(f"/tmp/.X11-unix/X{number}"):
            return f"no X server socket for DISPLAY={display}"
    return None


def install_fonts(app) -> str:
    """Register the bundled Nanum fonts (Hangul renders as boxes without a Korean font)."""
    from PySide6.QtGui import QFont, QFontDatabase

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


def create_application(argv: Sequence[str] | None = None):
    """The QApplication with Yeonsu's name, style and font (reused when one exists)."""
    from PySide6.QtWidgets import QApplication

    from .views.i18n import tr

    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("Yeonsu")
    app.setOrganizationName("Yeonsu")
    app.setApplicationDisplayName(tr("연수"))
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QIcon

    # dates read 2021-06-15 (화), not (Tue), whatever the PC's own language
    QLocale.setDefault(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))

    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "yeonsu.png")))
    install_fonts(app)
    install_qt_korean(app)
    return app


def install_qt_korean(app) -> bool:
    """Qt's own texts (message-box Yes/No, file dialogs, context menus) in Korean.

    Loads ``qtbase_ko.qm`` from Qt's translations folder when it is there; returns False (and
    changes nothing) when it is not.
    The translator is kept on the application so it lives as long as the program.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if getattr(app, "_yeonsu_qt_translator", None) is not None:
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea),
                           "qtbase", "_", folder):
        # A Qt build without its translations: Qt's own buttons stay English, nothing else breaks.
        log.info("Qt's Korean translations (qtbase_ko.qm) not found in %s", folder)
        return False
    app.installTranslator(translator)
    app._yeonsu_qt_translator = translator
    return True


def _prepare_database(location: str | None, result: Future) -> None:
    """Beside Qt's start-up: import the database stack and the pages and, for a SQLite file
    that exists, open it and warm the course page's queries.  Anything else (a server, a file
    to create, an error) is left to the window, which asks and reports (``result`` → None)."""
    database = None
    try:
        # The database stack before the pages: with the pages (PySide6) imported first in this
        # thread, the interpreter crashed at exit (PySide6 6.12, seen by the start benchmark).
        from . import db  # noqa: F401
        from .views import course_page

        file = paths.sqlite_file(location)
        if file is not None and file.is_file():
            database = course_page.open_warmed(location, create=False)
    except Exception:  # the window opens it again and shows what is wrong
        log.info("preparing the database at start failed; the window retries", exc_info=True)
    finally:
        result.set_result(database)


def _paint_watcher(window, quit_after: str):
    """Benchmark hook (``YEONSU_BENCH_QUIT_AFTER``): print the seconds from the launch
    (``YEONSU_BENCH_T0``, a ``time.time()`` taken by the benchmark just before it started the
    process) to the first painted frame and to the painted course list, then quit after the one
    asked for ("paint" or "courses")."""
    launched = float(os.environ.get("YEONSU_BENCH_T0") or time.time())
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class Watcher(QObject):
        painted = False

        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
            if (not self.painted and event.type() == QEvent.Type.Paint
                    and getattr(watched, "window", lambda: None)() is window):
                self.painted = True
                print(f"painted {time.time() - launched:.3f}", flush=True)
                if quit_after == "paint":
                    QTimer.singleShot(0, QApplication.instance().quit)
            return False

    def courses_filled() -> None:
        window.course_page.repaint()  # the filled list painted, not only loaded
        print(f"courses {time.time() - launched:.3f} "
              f"({window.course_page.course_model.rowCount()})", flush=True)
        if quit_after == "courses":
            QTimer.singleShot(0, QApplication.instance().quit)

    watcher = Watcher()
    QApplication.instance().installEventFilter(watcher)
    window.pages_ready.connect(courses_filled)
    return watcher


def main(argv: Sequence[str] | None = None) -> int:
    """``uv run main.py [--db PATH|URL] [--demo]``"""
    parser = argparse.ArgumentParser(prog="yeonsu", description="연수 — 교육연수원 연수 행정")
    parser.add_argument("--db", help="데이터베이스 파일 경로 또는 SQLAlchemy URL")
    parser.add_argument("--demo", action="store_true",
                        help="빈 데이터베이스에 데모 자료를 묻지 않고 넣기")
    parser.add_argument("--smoke", action="store_true",
                        help="설치 확인: 화면 없이 임시 폴더에서 창·데모·이수증·오류 기록을 시험하고 끝냄")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.smoke:
        from .views import smoke

        return smoke.run()
    problem = display_problem()
    if problem:
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return NO_DISPLAY_EXIT
    logs.setup("gui")
    config = local_config.load()
    location = args.db or config.database or None
    # The database stack takes longer to import than Qt takes to paint the window: start it now,
    # beside Qt's start-up; the window's open task takes the result (or waits for it).
    prepared: Future = Future()
    threading.Thread(target=_prepare_database, args=(location, prepared), name="prepare",
                     daemon=True).start()
    app = create_application()
    from PySide6.QtCore import QTimer

    from .views import crash
    from .views.main_window import MainWindow

    crash.install()
    from .views.single_instance import SingleInstance

    instance = SingleInstance()
    if not instance.claim():
        log.info("another copy is running: asked it to come forward")
        print("연수가 이미 열려 있어 그 창을 앞으로 가져왔습니다.", file=sys.stderr)
        return 0
    window = MainWindow(config=config)
    instance.woken.connect(window.bring_to_front)
    bench = os.environ.get("YEONSU_BENCH_QUIT_AFTER")
    watcher = _paint_watcher(window, bench) if bench else None  # noqa: F841 - kept alive
    window.show()
    QTimer.singleShot(0, lambda: window.start(location, ask_demo=not args.demo,
                                              prepared=prepared))
    code = app.exec()
    instance.release()
    if window.context is not None:
        window.context.database.dispose()
    log.info("end (exit code %s)", code or window.exit_code)
    return code or window.exit_code
