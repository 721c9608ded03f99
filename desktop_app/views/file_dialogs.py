"""File dialogs behind classmethods, so tests can answer them without a modal loop."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from .. import paths
from .i18n import tr

# Plain text, bound at import as default arguments; FileChooser translates them when shown.
BACKUP_FILTER = "연수 백업 (*.sqlite3 *.pgdump);;모든 파일 (*)"
DATABASE_FILTER = "연수 데이터베이스 (*.sqlite3);;모든 파일 (*)"
EXCEL_FILTER = "엑셀 통합 문서 (*.xlsx)"
ROSTER_FILTER = "명단 파일 (*.xlsx *.csv);;엑셀 통합 문서 (*.xlsx);;CSV (*.csv)"
SHEET_FILTER = "출결·결과 파일 (*.xlsx *.csv);;엑셀 통합 문서 (*.xlsx);;CSV (*.csv)"


class FileChooser:
    """Ask for a file to write or to read; None when the user cancels.

    ``title`` comes translated from the caller; ``filters`` is one of the constants above.
    No ``DontUseNativeDialog``: on Windows and macOS the system's own dialog speaks the
    system's language; Qt's widget dialog (elsewhere) is Korean through ``app.install_qt_korean``.
    """

    @classmethod
    def save_path(cls, parent: QWidget, title: str, suggested: str,
                  filters: str = BACKUP_FILTER) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, tr(filters))
        return path or None

    @classmethod
    def open_path(cls, parent: QWidget, title: str, folder: str,
                  filters: str = DATABASE_FILTER) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, folder, tr(filters))
        return path or None


class FolderChooser:
    """Qt's folder dialog; the folder chosen, or None."""

    @classmethod
    def choose(cls, parent: QWidget, title: str, folder: str) -> str | None:
        path = QFileDialog.getExistingDirectory(parent, title, folder)
        return path or None


def open_data_folder() -> bool:
    """Show the data folder (database, backups, logs) in the file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data_dir())))
