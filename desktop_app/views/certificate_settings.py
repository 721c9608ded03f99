"""이수증 서식·직인: the layout new certificates use, the head's title, the seal picture, and the
office's own layouts (export one as .json, edit it, import it back; a sample shows the result)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from ..services import certificate_layouts, certificate_sample
from ..services import settings as settings_service
from .context import AppContext
from .file_dialogs import FileChooser
from .forms import dialog_buttons, push_button
from .i18n import tr
from .messages import inform, show_error
from .pdf_preview import PdfPreview

IMAGE_FILTER = "그림 (*.png *.jpg *.jpeg)"
LAYOUT_FILTER = "이수증 서식 (*.json)"


class CertificateSettingsDialog(QDialog):
    """Edit what every PC prints on certificates (kept in the database)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("이수증 서식·직인"))
        self.setMinimumWidth(520)
        self._seal_path: Path | None = None
        self._seal_cleared = False
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.layout_box = QComboBox()
        self.layout_box.setObjectName("certificateLayout")
        self.layout_box.currentIndexChanged.connect(lambda _i: self._update_remove())
        self._builtin: set[str] = set()
        row = QHBoxLayout()
        row.addWidget(self.layout_box, 1)
        row.addWidget(push_button(tr("견본 보기"), self.show_sample))
        form.addRow(tr("서식"), row)
        self.head_title = QLineEdit()
        self.head_title.setObjectName("headTitle")
        form.addRow(tr("기관장 직함"), self.head_title)
        self.seal_view = QLabel()
        self.seal_view.setFixedSize(72, 72)
        self.seal_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.seal_view.setStyleSheet("border: 1px solid #c8c8c8;")
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal_view)
        seal_row.addWidget(push_button(tr("그림 고르기…"), self.choose_seal))
        seal_row.addWidget(push_button(tr("직인 없이"), self.clear_seal))
        seal_row.addStretch(1)
        form.addRow(tr("직인"), seal_row)
        layout.addLayout(form)
        files = QHBoxLayout()
        files.addWidget(push_button(tr("서식 내보내기…"), self.export_layout,
                                    tr("고른 서식을 .json 파일로 저장합니다. 글 위치(mm)·글꼴·크기·배경을 "
                                       "고친 뒤 가져오면 됩니다.")))
        files.addWidget(push_button(tr("서식 가져오기…"), self.import_layout))
        self.remove_button = push_button(tr("가져온 서식 지우기"), self.remove_layout)
        files.addWidget(self.remove_button)
        files.addStretch(1)
        layout.addLayout(files)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, tr("저장"), tr("닫기"), self.save, save=True))
        self.load()

    def load(self) -> None:
        def read(s):
            return ([(n, t.title) for n, t in certificate_layouts.layouts(s).items()],
                    certificate_layouts.layout(s).name, settings_service.get(s, "head_title"),
                    certificate_layouts.seal(s), set(certificate_layouts.builtin_layouts()))

        try:
            layouts, current, head, seal, builtin = self.context.read(read)
        except Exception as exc:
            show_error(self, exc)
            return
        self._builtin = builtin
        self.layout_box.clear()
        for name, title in layouts:
            self.layout_box.addItem(f"{title} ({name})", name)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(current)))
        self._update_remove()
        self.head_title.setText(head)
        self._show_seal(seal)

    def _update_remove(self) -> None:
        shipped = self.layout_box.currentData() in self._builtin
        self.remove_button.setEnabled(not shipped)
        self.remove_button.setToolTip(tr("프로그램에 들어 있는 서식은 지울 수 없습니다.") if shipped else "")

    def _show_seal(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.seal_view.setPixmap(pixmap.scaled(68, 68, Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.SmoothTransformation))
        else:
            self.seal_view.setPixmap(QPixmap())
            self.seal_view.setText(tr("없음"))

    def choose_seal(self) -> None:
        chosen = FileChooser.open_path(self, tr("직인 그림"), str(Path.home()), IMAGE_FILTER)
        if chosen is None:
            return
        self._seal_path, self._seal_cleared = Path(chosen), False
        try:
            self._show_seal(Path(chosen).read_bytes())
        except OSError:
            self._show_seal(None)

    def clear_seal(self) -> None:
        self._seal_path, self._seal_cleared = None, True
        self._show_seal(None)

    def save(self) -> None:
        name, head = self.layout_box.currentData(), self.head_title.text()

        def write(s):
            certificate_layouts.choose_layout(s, name)
            settings_service.set_values(s, {"head_title": head})
            if self._seal_path is not None or self._seal_cleared:
                certificate_layouts.set_seal(s, self._seal_path)

        done, _ = self.context.attempt(self, write)
        if done:
            self.accept()

    def show_sample(self) -> None:
        name = self.layout_box.currentData()
        handle = tempfile.NamedTemporaryFile(prefix="yeonsu-", suffix=".pdf", delete=False)
        handle.close()
        seal = self._seal_path.read_bytes() if self._seal_path and self._seal_path.exists() \
            else None
        try:
            path = self.context.read(lambda s: certificate_sample.write_sample(
                s, Path(handle.name), name, head_title=self.head_title.text() or None,
                seal=b"" if self._seal_cleared else seal))
        except Exception as exc:
            Path(handle.name).unlink(missing_ok=True)
            show_error(self, exc)
            return
        self.preview = PdfPreview.open(self, path, tr("이수증 견본"), "이수증 견본.pdf")

    def export_layout(self) -> None:
        name = self.layout_box.currentData()
        chosen = FileChooser.save_path(self, tr("서식 내보내기"), str(Path.home() / f"{name}.json"),
                                       LAYOUT_FILTER)
        if chosen is None:
            return
        target = Path(chosen) if chosen.lower().endswith(".json") else Path(chosen + ".json")
        try:
            self.context.read(lambda s: certificate_layouts.export_layout(s, name, target))
        except Exception as exc:
            show_error(self, exc)
            return
        inform(self, tr("서식 내보내기"), tr("저장했습니다: {path}").format(path=target))

    def import_layout(self) -> None:
        chosen = FileChooser.open_path(self, tr("서식 가져오기"), str(Path.home()), LAYOUT_FILTER)
        if chosen is None:
            return
        done, template = self.context.attempt(
            self, lambda s: certificate_layouts.import_layout(s, Path(chosen)))
        if done:
            self.load()
            self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(template.name)))
            inform(self, tr("서식 가져오기"), tr("서식 '{title}'을(를) 가져왔습니다. '견본 보기'로 "
                                             "확인하십시오.").format(title=template.title))

    def remove_layout(self) -> None:
        name = self.layout_box.currentData()
        done, _ = self.context.attempt(self, lambda s: certificate_layouts.remove_layout(s, name))
        if done:
            self.load()

