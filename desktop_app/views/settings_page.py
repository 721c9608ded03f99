"""설정 page: where the database is, backups and restore, shared rules, this PC's operator."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QGroupBox, QHBoxLayout,
                               QInputDialog, QLabel, QLineEdit, QPushButton, QScrollArea,
                               QSpinBox, QTableView, QVBoxLayout, QWidget)

from .. import access, local_config, logs, paths
from ..errors import UserError
from ..services import backup as backup_service
from ..services import settings as settings_service
from ..services.backup import BackupFile
from ..services.identity import DatabaseIdentity, read_identity
from .context import AppContext
from .file_dialogs import BACKUP_FILTER, FileChooser, FolderChooser, open_data_folder
from .forms import ERROR_STYLE, push_button
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import confirm, confirm_risk, inform, show_error
from .tasks import run_task
from .ui_state import save_header, setup_table

def database_name(identity: DatabaseIdentity | None) -> str:
    """How a backup's database is named on screen."""
    return identity.describe() if identity is not None else tr("어느 데이터베이스인지 모름")


BACKUP_COLUMNS = [
    Column("파일", lambda b: b.path.name),
    Column("데이터베이스", lambda b: database_name(b.database)),
    Column("만든 때", lambda b: b.modified),
    Column("크기", lambda b: f"{b.size / 1024 / 1024:.1f} MB", align_right=True),
    Column("종류", lambda b: tr(b.kind)),
]


class BackupTableModel(ListTableModel[BackupFile]):
    """The open database's backups (and old ones of no known database), newest first."""

    def __init__(self, parent=None) -> None:
        super().__init__(BACKUP_COLUMNS, parent)


class OverwriteQuestion:
    """Asks before a backup replaces a file that is not a Yeonsu backup; tests patch ``ask``."""

    @classmethod
    def ask(cls, parent: QWidget | None, name: str) -> bool:
        return confirm(parent, tr("덮어쓰기"),
                       tr("'{name}'은(는) 연수 백업 파일이 아닙니다. 이 파일을 지우고 백업으로 "
                          "덮어쓰시겠습니까?").format(name=name))


class RestoreQuestion:
    """The last question before a restore, saying whose backup the file is; tests patch ``ask``.

    ``own`` is the open database, ``source`` the file's (None: not known).
    """

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, own: DatabaseIdentity | None,
            source: DatabaseIdentity | None) -> bool:
        after = tr("지금 자료는 백업 폴더에 먼저 보관합니다. 다른 PC에서 저장하고 있지 않은 때에 "
                   "하십시오.\n\n이 파일로 복원할까요?")
        if source is not None and own is not None and source.id != own.id:
            return confirm_risk(parent, tr("다른 데이터베이스의 백업"), tr(
                "주의: '{name}'은(는) 지금 쓰는 데이터베이스 {own}의 백업이 아니라 다른 데이터베이스 "
                "{source}의 백업입니다.\n복원하면 지금 데이터베이스의 자료가 모두 그 데이터베이스의 "
                "자료로 바뀝니다. 다른 PC의 자료를 옮겨 오려는 것이 아니라면 '아니요'를 누르십시오."
                "\n\n{after}").format(name=name, own=own.describe(), source=source.describe(),
                                        after=after))
        if source is None:
            whose = tr("'{name}'은(는) 어느 데이터베이스의 백업인지 알 수 없는 파일입니다 "
                       "(데이터베이스 표시가 생기기 전에 만든 백업).").format(name=name)
        else:
            whose = tr("'{name}'은(는) 이 데이터베이스 {source}의 백업입니다.").format(
                name=name, source=source.describe())
        return confirm(parent, tr("복원"), tr("{whose}\n{after}").format(
            whose=whose, after=after))


class SettingsPage(QWidget):
    """Settings; emits ``database_changed`` with the new location to reopen the program's data."""

    database_changed = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task = None
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._database_box())
        layout.addWidget(self._accounts_box())
        layout.addWidget(self._pc_box())  # where the data and the log are: visible at 720 px
        layout.addWidget(self._backup_box(), 1)
        layout.addWidget(self._rules_box())
        scroll.setWidget(body)
        outer.addWidget(scroll)
        if not context.may(access.ADMIN):       # restore replaces everyone's data
            self.restore_selected_button.hide()
            self.restore_file_button.hide()
        self.refresh()

    # ------------------------------------------------------------ layout

    def _database_box(self) -> QGroupBox:
        box = QGroupBox(tr("데이터베이스"))
        layout = QVBoxLayout(box)
        self.location = QLabel()
        self.location.setObjectName("databaseLocation")
        self.location.setWordWrap(True)
        layout.addWidget(self.location)
        row = QHBoxLayout()
        open_file = QPushButton(tr("다른 데이터베이스 파일 열기…"))
        open_file.clicked.connect(self.choose_file)
        server = QPushButton(tr("공유 서버(PostgreSQL) 주소…"))
        server.clicked.connect(self.choose_server)
        default = QPushButton(tr("기본 위치로"))
        default.clicked.connect(lambda: self.switch_to(""))
        for b in (open_file, server, default):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox(tr("백업과 복원"))
        layout = QVBoxLayout(box)
        self.backup_note = QLabel()
        self.backup_note.setWordWrap(True)
        layout.addWidget(self.backup_note)
        self.backup_model = BackupTableModel(self)
        self.backup_view = QTableView()
        self.backup_view.setModel(self.backup_model)
        self.backup_view.setMinimumHeight(160)
        setup_table(self.backup_view, "backupTable", {0: 300, 1: 200, 2: 140, 3: 70})
        self.backup_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_restore_button())
        layout.addWidget(self.backup_view, 1)
        row = QHBoxLayout()
        self.backup_button = push_button(tr("지금 백업…"), self.backup_now)
        self.restore_selected_button = push_button(tr("선택한 백업으로 복원"), self.restore_selected)
        self.restore_file_button = push_button(tr("파일에서 복원…"), self.restore_from_file)
        for b in (self.backup_button, self.restore_selected_button, self.restore_file_button):
            row.addWidget(b)
        row.addStretch(1)
        self.auto_backup = QCheckBox(tr("닫을 때 하루 한 번 자동 백업"))
        self.keep = QSpinBox()
        self.keep.setRange(1, 365)
        self.keep.setSuffix(tr("개 보관"))
        row.addWidget(self.auto_backup)
        row.addWidget(self.keep)
        self.auto_backup.toggled.connect(lambda _v: self._save_local())
        self.keep.valueChanged.connect(lambda _v: self._save_local())
        layout.addLayout(row)
        folder_row = QHBoxLayout()
        folder_row.addWidget(push_button(tr("백업 폴더 바꾸기…"), self.choose_backup_folder,
                                         tr("예: 네트워크 드라이브나 USB의 폴더 (이 PC에만 적용)")))
        folder_row.addWidget(push_button(tr("기본 백업 폴더로"),
                                         lambda: self.set_backup_folder("")))
        folder_row.addStretch(1)
        layout.addLayout(folder_row)
        return box

    def choose_backup_folder(self) -> None:
        chosen = FolderChooser.choose(self, tr("백업 폴더"), str(self.context.backup_folder))
        if chosen:
            self.set_backup_folder(chosen)

    def set_backup_folder(self, folder: str) -> bool:
        """Back up into ``folder`` from now on ("" = the data folder's); a folder that cannot be
        written is refused and the old one kept."""
        try:
            target = local_config.check_folder(Path(folder)) if folder \
                else local_config.check_folder(paths.backup_dir())
        except Exception as exc:
            show_error(self, exc)
            return False
        self.context.config.backup_folder = str(target) if folder else ""
        local_config.save(self.context.config)
        self.context.backup_folder = target
        self.refresh()
        return True

    def _rules_box(self) -> QGroupBox:
        box = QGroupBox(tr("업무 설정 (같은 데이터베이스를 쓰는 모든 PC에 적용)"))
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.rule_editors: dict[str, QWidget] = {}
        for key, spec in settings_service.SPECS.items():
            if not spec.shown:
                continue
            if spec.kind is int:
                editor = QSpinBox()
                editor.setRange(spec.minimum or 0, spec.maximum or 10_000)
            else:
                editor = QLineEdit()
            editor.setObjectName(f"setting:{key}")
            self.rule_editors[key] = editor
            form.addRow(tr(spec.label), editor)  # the service's label, translated for display
        layout.addLayout(form)
        self.rules_error = QLabel()
        self.rules_error.setStyleSheet(ERROR_STYLE)
        self.rules_error.hide()
        layout.addWidget(self.rules_error)
        save = QPushButton(tr("업무 설정 저장"))
        save.clicked.connect(self.save_rules)
        row = QHBoxLayout()
        row.addWidget(push_button(tr("이수증 서식·직인…"), self.edit_certificate_settings,
                                  tr("이수증 서식, 기관장 직함, 직인 그림")))
        row.addStretch(1)
        row.addWidget(save)
        layout.addLayout(row)
        return box

    def _accounts_box(self) -> QGroupBox:
        """Who is working, and the account and personal-data tools their roles allow."""
        box = QGroupBox(tr("계정과 개인정보"))
        layout = QVBoxLayout(box)
        who = self.context.who
        if who.user is not None:
            text = tr("로그인: {name} ({roles})").format(
                name=who.user.name, roles=", ".join(tr(r) for r in who.user.roles))
        else:
            text = tr("계정 없이 쓰는 데이터베이스입니다: 누구나 무엇이든 바꿀 수 있고, 기록에는 이 PC의 "
                      "담당자 이름이 남습니다. 관리자 계정을 만들면 그때부터 로그인해야 합니다.")
        self.account_note = QLabel(text)
        self.account_note.setObjectName("accountNote")
        self.account_note.setWordWrap(True)
        layout.addWidget(self.account_note)
        row = QHBoxLayout()
        from .account_dialogs import AccountsDialog, change_password
        from .audit_dialog import AuditDialog
        from .privacy_dialog import PurgeDialog

        admin = who.may(access.ADMIN)
        buttons = []
        if who.user is not None:
            buttons.append(push_button(tr("비밀번호 바꾸기…"),
                                       lambda: change_password(self, self.context)))
            if admin:
                buttons.append(push_button(tr("사용자 계정…"),
                                           lambda: AccountsDialog.show_for(self, self.context)))
        else:
            buttons.append(push_button(tr("관리자 계정 만들기…"), self.make_first_admin))
        if admin:
            buttons.append(push_button(tr("감사 기록…"),
                                       lambda: AuditDialog.show_for(self, self.context)))
            buttons.append(push_button(tr("개인정보 파기…"),
                                       lambda: PurgeDialog.show_for(self, self.context)))
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def make_first_admin(self) -> None:
        window = self.window()
        if hasattr(window, "make_first_admin"):
            window.make_first_admin()    # the pages are built again for the new login

    def _pc_box(self) -> QGroupBox:
        box = QGroupBox(tr("이 PC"))
        form = QFormLayout(box)
        self.operator = QLineEdit()
        self.operator.setObjectName("operatorName")
        self.operator.setPlaceholderText(tr("처리 이력에 남길 담당자 이름 (비우면 PC 사용자 이름)"))
        self.operator.editingFinished.connect(self._save_local)
        if self.context.who.user is not None:     # the login names whoever works here
            self.operator.setEnabled(False)
            self.operator.setToolTip(tr("계정으로 로그인하면 로그인한 사용자 이름이 기록됩니다."))
        form.addRow(tr("담당자 이름"), self.operator)
        self.data_folder = QLabel(str(paths.data_dir()))
        self.data_folder.setObjectName("dataFolder")
        self.data_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_folder.setWordWrap(True)
        open_folder = QPushButton(tr("폴더 열기"))
        open_folder.setObjectName("openDataFolder")
        open_folder.clicked.connect(self.open_data_folder)
        row = QHBoxLayout()
        row.addWidget(self.data_folder, 1)
        row.addWidget(open_folder)
        form.addRow(tr("데이터 폴더"), row)
        self.log_file = QLabel(str(logs.log_path()))
        self.log_file.setObjectName("logFile")
        self.log_file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_file.setWordWrap(True)
        self.log_file.setToolTip(tr("오류가 나면 이 파일을 담당자에게 보내 주십시오."))
        form.addRow(tr("로그 파일"), self.log_file)
        return box

    def edit_certificate_settings(self) -> None:
        from .certificate_settings import CertificateSettingsDialog

        CertificateSettingsDialog(self.context, self).exec()
        self.refresh()

    def open_data_folder(self) -> bool:
        return open_data_folder()

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        database = self.context.database
        kind = tr("이 PC의 파일") if database.is_sqlite else tr("공유 서버")
        self.location.setText(tr("지금 쓰는 곳 ({kind}): <b>{name}</b><br>백업 폴더: {folder}").format(
            kind=kind, name=database.display_name, folder=self.context.backup_folder))
        config = self.context.config
        for widget, value in ((self.auto_backup, config.auto_backup), (self.keep,
                                                                       config.backup_keep)):
            widget.blockSignals(True)
            if isinstance(widget, QCheckBox):
                widget.setChecked(value)
            else:
                widget.setValue(value)
            widget.blockSignals(False)
        self.operator.setText(config.operator_name)
        self.backup_note.setText(
            tr("백업은 한 개의 파일입니다. 복원하면 지금 자료를 먼저 백업 폴더에 보관한 뒤 바꿉니다. "
               "다른 PC가 저장하지 않는 때에 하십시오.")
            + ("" if database.is_sqlite
               else tr(" 공유 서버는 자동 백업 대신 서버 관리자의 정기 백업을 쓰십시오.")))
        self.backup_model.set_rows(backup_service.list_backups(database,
                                                               self.context.backup_folder))
        self._update_restore_button()
        values = self.context.read(settings_service.all_values)
        for key, editor in self.rule_editors.items():
            if isinstance(editor, QSpinBox):
                editor.setValue(int(values[key]))
            else:
                editor.setText(str(values[key]))
        self.rules_error.hide()

    def _save_local(self) -> None:
        config = self.context.config
        config.auto_backup = self.auto_backup.isChecked()
        config.backup_keep = self.keep.value()
        config.operator_name = self.operator.text().strip()
        local_config.save(config)

    def save_rules(self) -> None:
        values = {key: (e.value() if isinstance(e, QSpinBox) else e.text())
                  for key, e in self.rule_editors.items()}
        try:
            with self.context.write() as session:
                settings_service.set_values(session, values)
        except UserError as exc:
            self.rules_error.setText(exc.message)
            self.rules_error.show()
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.refresh()
        inform(self, tr("저장"), tr("업무 설정을 저장했습니다."))

    # ------------------------------------------------------------ database location

    def choose_file(self) -> None:
        path = FileChooser.open_path(self, tr("데이터베이스 파일 열기"), str(paths.data_dir()))
        if path:
            self.switch_to(path)

    def choose_server(self) -> None:
        url, ok = QInputDialog.getText(
            self, tr("공유 서버"),
            tr("PostgreSQL 주소 (예: postgresql+psycopg://사용자:암호@서버:5432/yeonsu)"))
        if ok and url.strip():
            self.switch_to(url.strip())

    def switch_to(self, location: str) -> None:
        """Remember the new location for this PC and ask the main window to reopen."""
        self.database_changed.emit(location)

    # ------------------------------------------------------------ backups

    def backup_now(self) -> None:
        """Ask where (this database's backup folder suggested) and back up in the background."""
        database = self.context.database
        suffix = backup_service.backup_suffix(database)
        try:
            folder = backup_service.backup_folder(database, self.context.backup_folder)
        except Exception as exc:  # the id cannot be stored (a read-only or lost database)
            show_error(self, exc)
            return
        suggested = folder / f"yeonsu-{datetime.now():%Y%m%d-%H%M}{suffix}"
        path = FileChooser.save_path(self, tr("백업 파일 저장"), str(suggested))
        if not path:
            return
        overwrite = backup_service.is_foreign_file(Path(path))
        if overwrite and not OverwriteQuestion.ask(self, Path(path).name):
            return
        self._task = run_task(self, tr("백업하는 중"),
                              lambda progress: backup_service.backup(
                                  database, Path(path), progress, overwrite_foreign=overwrite),
                              self._backup_done, lambda exc: show_error(self, exc))

    def _backup_done(self, result: backup_service.BackupResult) -> None:
        self.refresh()
        inform(self, tr("백업"), tr("백업했습니다:\n{path}\n({note})").format(
            path=result.path, note=result.note))

    def _update_restore_button(self) -> None:
        chosen = self.backup_view.currentIndex().isValid()
        self.restore_selected_button.setEnabled(chosen)
        self.restore_selected_button.setToolTip(
            "" if chosen else tr("복원할 백업을 표에서 고르십시오."))

    def restore_selected(self) -> None:
        index = self.backup_view.currentIndex()
        row = self.backup_model.row_at(index.row()) if index.isValid() else None
        if row is not None:
            self.restore(row.path)

    def restore_from_file(self) -> None:
        """Ask for a backup file (starting in this database's folder) and restore it."""
        own = backup_service.browse_folder(self.context.database, self.context.backup_folder)
        path = FileChooser.open_path(self, tr("복원할 백업 파일"), str(own), BACKUP_FILTER)
        if path:
            self.restore(Path(path))

    def restore(self, path: Path) -> None:
        """Check the file in the background; if it is sound, ask, then restore it."""
        database = self.context.database
        self._task = run_task(self, tr("백업 파일을 검사하는 중"),
                              lambda progress: backup_service.check_restore(database, path,
                                                                            progress),
                              lambda info: self._confirm_restore(path, info),
                              lambda exc: show_error(self, exc))

    def _confirm_restore(self, path: Path, checked: backup_service.BackupInfo) -> None:
        database = self.context.database
        try:
            own = read_identity(database)
            if not RestoreQuestion.ask(self, path.name, own, checked.database):
                return
            folder = backup_service.backup_folder(database, self.context.backup_folder)
        except Exception as exc:
            show_error(self, exc)
            return
        self._task = run_task(self, tr("복원하는 중"),
                              lambda progress: backup_service.restore(
                                  database, path, folder, progress, checked=checked),
                              self._restore_done, lambda exc: show_error(self, exc))

    def _restore_done(self, result: backup_service.RestoreResult) -> None:
        result.database.dispose()
        inform(self, tr("복원"), tr("복원했습니다. 바뀌기 전 자료는 {path}에 보관했습니다. "
                                  "자료를 다시 불러옵니다.").format(path=result.safety_copy))
        self.database_changed.emit(self.context.config.database)

    def save_state(self) -> None:
        save_header(self.backup_view, "backupTable")
