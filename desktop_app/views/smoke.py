"""``yeonsu --smoke``: does this build work on this machine?  The installed bundle's self-test.

Offscreen, on a temporary data folder and database: open the main window, load the demo year
through the window (as a first start does), issue one run's certificates into a PDF, raise an
error nobody catches and check that it reaches the error dialog and the log file, then close the
window.  Prints one line per step; exits 0 when every step passed, 1 otherwise (with the step
that failed).  Nothing of the user's data folder is touched.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

SMOKE_RUN = "2021-030-01"     # a finished demo run with completers
TIMEOUT_S = 120


class SmokeFailure(Exception):
    """A step did not do what it should."""


def _wait(app, done, what: str, timeout: float = TIMEOUT_S) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise SmokeFailure(f"{what}: {timeout:.0f}초 안에 끝나지 않았습니다")
        app.processEvents()
        time.sleep(0.01)


def _steps(folder: Path) -> list[str]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .. import logs
    from ..app import create_application
    from ..local_config import LocalConfig
    from . import crash
    from .main_window import MainWindow

    said = []
    log_file = logs.setup("gui")
    app = create_application()
    crash.install()
    window = MainWindow(config=LocalConfig())
    window.show()
    loaded = []
    window.demo_loaded.connect(lambda: loaded.append(True))
    window.start(str(folder / "smoke.sqlite3"), ask_demo=False)
    _wait(app, lambda: bool(loaded), "데모 자료 넣기")
    courses = window.course_page.course_model.rowCount()
    if courses < 100:
        raise SmokeFailure(f"과정 목록이 비었습니다 ({courses}개)")
    said.append(f"창과 데모 자료: 과정 {courses}개")

    from ..services import certificates
    from ..services.runs import find_run_id

    out = folder / "이수증.pdf"
    with window.context.database.session_scope() as session:
        result = certificates.issue_for_run(session, find_run_id(session, SMOKE_RUN), out,
                                            actor="smoke")
    data = out.read_bytes()
    if not data.startswith(b"%PDF-") or result.issued < 1:
        raise SmokeFailure("이수증 PDF를 만들지 못했습니다")
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()  # the preview's engine reads it back (Qt PDF is in the bundle)
    document.load(str(out))
    if document.pageCount() != result.issued:
        raise SmokeFailure(f"PDF 미리 보기가 {document.pageCount()}쪽을 읽었습니다 "
                           f"({result.issued}쪽이어야 함)")
    document.close()
    said.append(f"이수증 PDF: {result.issued}장, {len(data) / 1024:,.0f} KB, 미리 보기로 읽음")

    # an error nobody catches: the dialog must open (closed here by a timer) and the log hold it
    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            dialog.close()
        else:
            QTimer.singleShot(50, close_dialog)

    QTimer.singleShot(50, close_dialog)
    crash.report(RuntimeError("smoke: 일부러 낸 오류"))
    _wait(app, lambda: crash.shown_count() >= 1, "오류 창")
    if log_file is None:
        raise SmokeFailure("로그 파일을 열지 못했습니다")
    if "smoke: 일부러 낸 오류" not in Path(log_file).read_text(encoding="utf-8"):
        raise SmokeFailure(f"로그 파일에 오류가 적히지 않았습니다: {log_file}")
    said.append(f"오류 창과 로그 파일: {log_file}")
    window.close()
    app.processEvents()
    window.context.database.dispose()
    return said


def run() -> int:
    """The smoke test; the process's exit code."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    folder = Path(tempfile.mkdtemp(prefix="yeonsu-smoke-"))
    os.environ["YEONSU_HOME"] = str(folder)  # data, settings and log of this test only
    started = time.monotonic()
    try:
        for line in _steps(folder):
            print(f"smoke: {line}", flush=True)
    except Exception as exc:  # any failure is the answer, with what failed
        print(f"smoke 실패: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"smoke: 통과 ({time.monotonic() - started:.1f}초)", flush=True)
    return 0
