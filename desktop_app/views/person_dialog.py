"""Register or edit a trainee (연수생)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QWidget

from ..services import persons as person_service
from ..services import reference
from ..services.persons import DuplicatePersonError, PersonDetail, PersonFields
from .context import AppContext
from .forms import FormDialog, combo, line_edit, text_box
from .i18n import tr
from .messages import confirm


class PersonDialog(FormDialog):
    """New person when ``person_id`` is None, else edit that person."""

    def __init__(self, context: AppContext, person_id: int | None = None,
                 initial: PersonFields | None = None, parent: QWidget | None = None) -> None:
        super().__init__(tr("연수생 수정") if person_id else tr("새 연수생"), parent)
        self.context = context
        self.person_id = person_id
        self.base: PersonDetail | None = None
        if person_id is not None:
            self.base = context.read(lambda s: person_service.person_detail(s, person_id))
            values = self.base.fields_only()
        else:
            values = initial or PersonFields()
        self._build(values)

    def _build(self, v: PersonFields) -> None:
        self.name = self.add_row("성명", line_edit(v.name, tr("홍길동"), 50))
        self.birth = self.add_row("생년월일", line_edit(
            v.birth_date.isoformat() if v.birth_date else "", "1980-03-05", 10))
        self.gender = self.add_row("성별", combo(("",) + reference.GENDERS, v.gender or ""))
        self.neis = self.add_row("나이스 개인번호",
                                 line_edit(v.neis_no, tr("A123456789 (없으면 비움)"), 20))
        self.kind = self.add_row("직종", combo(("",) + reference.EMPLOYEE_KINDS,
                                             v.employee_kind or ""))
        self.position = self.add_row("직위", line_edit(v.position, tr("교사, 주무관 …"), 50))
        self.organization = self.add_row(
            "소속", line_edit(v.organization, tr("서울○○초등학교"), 100))
        names = self.context.read(lambda s: person_service.organization_names(s, limit=5000))
        completer = QCompleter(names, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.organization.setCompleter(completer)
        self.phone = self.add_row("전화번호", line_edit(v.phone, "010-1234-5678", 20))
        self.email = self.add_row("전자우편", line_edit(v.email, "", 100))
        self.note = self.add_row("비고", text_box(v.note, 50))

    def collect(self) -> PersonFields:
        return PersonFields(
            name=self.name.text(), birth_date=self.birth.text(),
            gender=self.gender.currentText() or None, neis_no=self.neis.text() or None,
            employee_kind=self.kind.currentText() or None, position=self.position.text(),
            organization=self.organization.text(), phone=self.phone.text(),
            email=self.email.text(), note=self.note.toPlainText())

    def check(self, values: PersonFields) -> None:
        self.context.read(lambda s: person_service.validate_fields(s, values, self.person_id))

    def save(self, values: PersonFields) -> int:
        if self.person_id is not None:
            with self.context.write() as session:
                person_service.update_person(session, self.person_id, self.base, values)
            return self.person_id
        try:
            with self.context.write() as session:
                return person_service.create_person(session, values)
        except DuplicatePersonError as exc:
            if not confirm(self, tr("같은 사람일 수 있습니다"),
                           tr("{message}\n\n다른 사람이 맞으면 '예'를 눌러 새로 등록합니다.")
                           .format(message=exc.message)):
                raise
            with self.context.write() as session:
                return person_service.create_person(session, values, allow_duplicate=True)

    def on_conflict(self) -> None:
        self.base = self.context.read(lambda s: person_service.person_detail(s, self.person_id))

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, person_id: int | None = None,
            initial: PersonFields | None = None) -> int | None:
        dialog = cls(context, person_id, initial, parent)
        return dialog.result_value if dialog.exec() else None
