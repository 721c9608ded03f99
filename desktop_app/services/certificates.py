"""Issuing completion certificates (이수증) and keeping their ledger (발급대장).

Only a selected trainee whose completion is 이수 gets one.  Issuing for a run, in one
transaction: the run is locked (no completion changes meanwhile), trainees who already hold a
live certificate get a reprint of it (same serial, same data, the reprint counted), the others
get the next serials of the year from ``certificate_counter`` — raised under its row lock, so a
second PC waits, and a rollback takes the numbers back: serials are gap-free and never reused —
and a snapshot of everything printed.  The PDF (or ZIP of one PDF per trainee) is written beside
its target and renamed into place only after the commit; its SHA-256 goes into the ledger.

A revoked certificate keeps its serial and shows the reason; issuing again after a revocation
gives a new serial.  :func:`verify` answers for a serial and code: valid, revoked or unknown.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from sqlalchemy import bindparam, event, insert, select, text, update
from sqlalchemy.orm import Session

from . import audit
from .. import paths
from ..errors import NotFoundError, ValidationError
from ..models import Certificate, Course, Enrollment, Organization, Person, serial_text
from ..reports.certificate_pdf import CertificateFace, write_certificates
from ..reports.files import discard, partial_path, write_failed
from . import certificate_layouts, clock
from . import settings as settings_service
from .completion import COMPLETED
from .enrollment import SELECTED, lock_run
from .values import reason_text

Progress = Callable[[int, str], bool]
#: a code is read off paper and typed: no 0/O, 1/I/L
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QR_PREFIX = "YEONSU-CERT"


def qr_text(serial: str, code: str) -> str:
    """What the QR code carries: ``YEONSU-CERT:2021-00001:ABCD-EFGH``.  Only capitals,
    digits, '-' and ':', so the code is in QR's compact alphanumeric mode (version 2)."""
    return f"{QR_PREFIX}:{serial}:{code}"


def read_qr_text(text: str) -> tuple[str, str] | None:
    """(serial, code) from a scanned QR text, or None when it is not ours."""
    parts = text.strip().replace("|", ":").split(":")
    if len(parts) == 3 and parts[0].upper() == QR_PREFIX:
        return parts[1], parts[2]
    return None


def new_code() -> str:
    """A random verification code, ``XXXX-XXXX`` (31⁸ ≈ 8.5 × 10¹¹ possibilities)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def _korean_date(day: date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def _dotted(day: date | None) -> str:
    return f"{day.year}. {day.month}. {day.day}." if day else "-"


def _hours(minutes: int | None) -> str:
    hours, rest = divmod(minutes or 0, 60)
    return f"{hours}시간" + (f" {rest}분" if rest else "")


@dataclass(frozen=True)
class IssueResult:
    """What one issuing or reprinting did."""

    path: Path
    issued: int                 # new serials
    reprinted: int              # certificates printed again
    serials: tuple[str, ...]    # every certificate in the file, in its order
    sha256: str                 # of the PDF (of the ZIP when one PDF per trainee)

    @property
    def summary(self) -> str:
        parts = [f"새로 발급 {self.issued}장"] if self.issued else []
        if self.reprinted:
            parts.append(f"재발급 {self.reprinted}장")
        span = f" ({self.serials[0]} ~ {self.serials[-1]})" if len(self.serials) > 1 else \
            f" ({self.serials[0]})" if self.serials else ""
        return ", ".join(parts) + span


def _face(values: dict[str, str]) -> CertificateFace:
    return CertificateFace(values, qr_text(values["serial"], values["code"]))


def snapshot_values(certificate: Certificate) -> dict[str, str]:
    """The values printed on a certificate; {} when its snapshot was damaged outside the
    program (the ledger still lists the serial)."""
    try:
        values = json.loads(certificate.snapshot)
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}


def _snapshot_face(certificate: Certificate) -> CertificateFace:
    values = snapshot_values(certificate)
    if not values.get("serial") or not values.get("code"):
        raise ValidationError(f"제 {certificate.serial} 호의 발급 기록(스냅숏)이 손상되어 같은 내용으로 "
                              "다시 인쇄할 수 없습니다. 발급을 취소하고 새로 발급하십시오.", field="이수증")
    return _face(values)


def _eligible(session: Session, run_id: int) -> list[tuple]:
    """The run's completers in roster order (가나다, then birth date), each with its live
    certificate's id (None when it has none)."""
    live = (select(Certificate.id).where(Certificate.enrollment_id == Enrollment.id,
                                         Certificate.revoked_at.is_(None))
            .correlate(Enrollment).scalar_subquery())
    return session.execute(
        select(Enrollment.id, Person.name, Person.birth_date, Organization.name,
               Person.position, Enrollment.recognised_minutes, Enrollment.completed_on, live)
        .join(Person, Person.id == Enrollment.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Enrollment.run_id == run_id, Enrollment.status == SELECTED,
               Enrollment.completion == COMPLETED)
        .order_by(Person.name, Person.birth_date, Enrollment.id)).all()


@dataclass(frozen=True)
class Outlook:
    """What issuing for a run would do, for the question before it."""

    completers: int      # selected trainees with 이수
    certified: int       # of them, already holding a live certificate (reprinted)

    @property
    def new(self) -> int:
        return self.completers - self.certified


def outlook(session: Session, run_id: int, enrollment_ids: Sequence[int] | None = None
            ) -> Outlook:
    """How many certificates issuing would make new and how many it would reprint."""
    rows = _eligible(session, run_id)
    if enrollment_ids is not None:
        wanted = set(enrollment_ids)
        rows = [r for r in rows if r[0] in wanted]
    return Outlook(len(rows), sum(1 for r in rows if r[7] is not None))


def _allocate(session: Session, year: int, count: int) -> int:
    """Reserve ``count`` serial numbers of ``year``; returns the first.

    The UPDATE holds the counter row until this transaction ends: another PC issuing the same
    year waits here, then continues from the numbers this one committed (or gave back).
    """
    session.execute(text("INSERT INTO certificate_counter (year, last_number) VALUES (:y, 0) "
                         "ON CONFLICT (year) DO NOTHING"), {"y": year})
    last = session.execute(text("UPDATE certificate_counter SET last_number = last_number + :n "
                                "WHERE year = :y RETURNING last_number"),
                           {"n": count, "y": year}).scalar_one()
    return last - count + 1


def _publish_after_commit(session: Session, partial: Path, path: Path) -> None:
    """Rename the finished file into place when the transaction commits; drop it otherwise,
    so no file ever carries serials the ledger does not hold."""

    def committed(_session) -> None:
        try:
            os.replace(partial, path)
        except OSError as exc:
            discard(partial)
            raise ValidationError(
                f"발급은 발급대장에 기록했으나 파일을 저장하지 못했습니다: {path}. 발급대장에서 "
                "해당 이수증을 골라 '다시 인쇄'하십시오.", field="파일", details=str(exc)) from None

    def rolled_back(_session, _transaction) -> None:
        discard(partial)

    event.listen(session, "after_commit", committed, once=True)
    event.listen(session, "after_soft_rollback", rolled_back, once=True)


def _write(session: Session, path: Path, layout_name: str | None, faces: list[CertificateFace],
           as_zip: bool, progress: Progress | None) -> tuple[str, dict[str, str]]:
    """Write the certificates to ``path``'s partial file; returns the file's SHA-256 and, for
    a ZIP, each certificate's own PDF's (by serial)."""
    partial = partial_path(path, ".zip" if as_zip else ".pdf")
    template = certificate_layouts.layout(session, layout_name)
    seal = certificate_layouts.seal(session)
    institute = settings_service.get(session, "institute_name")
    printed_on = clock.today(session)
    total = len(faces)

    def on_page(done: int, _total: int) -> bool:
        return progress is None or progress(10 + 85 * done // total,
                                            f"이수증 {done:,} / {total:,}장")

    fonts = paths.resources_dir() / "fonts"
    each: dict[str, str] = {}
    try:
        partial.parent.mkdir(parents=True, exist_ok=True)
        if not as_zip:
            write_certificates(str(partial), template, faces, fonts, seal=seal,
                               institute=institute, printed_on=printed_on, on_page=on_page)
        else:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as archive:
                for number, face in enumerate(faces, start=1):
                    buffer = BytesIO()
                    write_certificates(buffer, template, [face], fonts, seal=seal,
                                       institute=institute, printed_on=printed_on)
                    data = buffer.getvalue()
                    serial = face.values["serial"]
                    each[serial] = hashlib.sha256(data).hexdigest()
                    archive.writestr(f"{serial}_{face.values['name']}.pdf", data)
                    if not on_page(number, total):
                        raise ValidationError("이수증 만들기를 취소했습니다. 아무것도 발급하지 "
                                              "않았습니다.")
        digest = hashlib.sha256(partial.read_bytes()).hexdigest()
    except OSError as exc:
        discard(partial)
        raise write_failed(path, exc) from exc
    except BaseException:
        discard(partial)
        raise
    _publish_after_commit(session, partial, path)
    return digest, each


def issue_for_run(session: Session, run_id: int, path: Path, *, actor: str,
                  enrollment_ids: Sequence[int] | None = None, layout: str | None = None,
                  as_zip: bool = False, progress: Progress | None = None) -> IssueResult:
    """Issue (or reprint) the certificates of a run's completers into one PDF, or a ZIP of
    one PDF per trainee; ``enrollment_ids`` limits it to those trainees."""
    path = Path(path)
    partial_path(path, ".zip" if as_zip else ".pdf")   # a wrong name is refused before any work
    run = lock_run(session, run_id)
    course = session.get(Course, run.course_id)
    rows = _eligible(session, run_id)
    if enrollment_ids is not None:
        wanted = set(enrollment_ids)
        rows = [r for r in rows if r[0] in wanted]
        missing = wanted - {r[0] for r in rows}
        if missing:
            names = session.execute(select(Person.name).join(
                Enrollment, Enrollment.person_id == Person.id).where(
                Enrollment.id.in_(missing), Enrollment.run_id == run_id)).scalars().all()
            raise ValidationError(
                f"이수하지 않은 연수생에게는 이수증을 발급할 수 없습니다: "
                f"{', '.join(sorted(names)) or '(이 기수의 연수생이 아님)'}", field="연수생")
    if not rows:
        raise ValidationError(f"{run.code}에 이수한 연수생이 없어 발급할 이수증이 없습니다. 먼저 "
                              "이수 판정을 하십시오.", field="기수")
    if progress and not progress(2, "발급대장 확인 중"):
        raise ValidationError("취소했습니다. 아무것도 발급하지 않았습니다.")
    today = clock.today(session)
    at = clock.now(session)
    template_name = certificate_layouts.layout(session, layout).name
    common = {
        "course_title": course.title, "run_code": run.code,
        "period": f"{_dotted(run.start_date)} ~ {_dotted(run.end_date)}",
        "credits": f"{course.credits}학점" if course.credits else "",
        "issued_on": _korean_date(today),
        "institute": settings_service.get(session, "institute_name"),
        "head_title": settings_service.get(session, "head_title"),
    }
    existing_ids = [r[7] for r in rows if r[7] is not None]
    existing = {c.id: c for c in session.scalars(
        select(Certificate).where(Certificate.id.in_(existing_ids)))} if existing_ids else {}
    new_rows = [r for r in rows if r[7] is None]
    first = _allocate(session, today.year, len(new_rows)) if new_rows else 0
    faces, inserts = [], []
    number = first
    for eid, name, birth, organization, position, minutes, _completed_on, live_id in rows:
        if live_id is not None:
            faces.append(_snapshot_face(existing[live_id]))
            continue
        hours = _hours(minutes)
        values = {**common, "serial": serial_text(today.year, number), "code": new_code(),
                  "name": name, "birth_date": _dotted(birth), "organization": organization or "",
                  "position": position or "", "hours": hours,
                  "recognition": f"{hours} ({common['credits']})" if common["credits"] else hours}
        faces.append(_face(values))
        inserts.append({"year": today.year, "number": number, "code": values["code"],
                        "enrollment_id": eid, "layout": template_name,
                        "snapshot": json.dumps(values, ensure_ascii=False), "issued_at": at,
                        "issued_by": actor, "file_name": path.name, "pdf_sha256": "",
                        "reprint_count": 0, "last_printed_at": at, "last_printed_by": actor})
        number += 1
    if inserts:
        session.execute(insert(Certificate), inserts)
    digest, each = _write(session, path, layout, faces, as_zip, progress)
    serials = tuple(face.values["serial"] for face in faces)
    if inserts:
        table = Certificate.__table__  # Core: one executemany, not the ORM's by-key update
        session.execute(
            update(table).where(table.c.year == bindparam("y"), table.c.number == bindparam("n"))
            .values(pdf_sha256=bindparam("sha")),
            [{"y": row["year"], "n": row["number"],
              "sha": each.get(serial_text(row["year"], row["number"]), digest)}
             for row in inserts])
    if existing:
        session.execute(update(Certificate).where(Certificate.id.in_(list(existing)))
                        .values(reprint_count=Certificate.reprint_count + 1, last_printed_at=at,
                                last_printed_by=actor)
                        .execution_options(synchronize_session=False))
    if progress:
        progress(100, "발급대장에 기록하는 중")
    audit.record_file(session, f"이수증 (새 발급 {len(inserts)}, 재인쇄 {len(existing)})",
                      len(faces), path, printed=True)
    return IssueResult(path, len(inserts), len(existing), serials, digest)


def reprint(session: Session, certificate_ids: Sequence[int], path: Path, *, actor: str,
            as_zip: bool = False, progress: Progress | None = None) -> IssueResult:
    """Print live certificates again from their snapshots (same serial, same data) and count
    the reprint; a revoked one is refused."""
    found = {c.id: c for c in session.scalars(
        select(Certificate).where(Certificate.id.in_(list(certificate_ids)))
        .with_for_update())}
    problems = [str(i) for i in certificate_ids if i not in found]
    if problems:
        raise NotFoundError("발급대장에 없는 이수증입니다 (다른 사용자가 지웠을 수 있습니다).")
    revoked = [c.serial for c in found.values() if c.revoked_at is not None]
    if revoked:
        raise ValidationError(f"발급이 취소된 이수증은 다시 인쇄할 수 없습니다: {', '.join(revoked)}",
                              field="이수증")
    ordered = sorted(found.values(), key=lambda c: (c.year, c.number))
    layouts = {c.layout for c in ordered}
    available = certificate_layouts.layouts(session)
    layout = next(iter(layouts)) if len(layouts) == 1 and next(iter(layouts)) in available \
        else None
    faces = [_snapshot_face(c) for c in ordered]
    digest, _each = _write(session, Path(path), layout, faces, as_zip, progress)
    at = clock.now(session)
    for certificate in ordered:
        certificate.reprint_count += 1
        certificate.last_printed_at = at
        certificate.last_printed_by = actor
    session.flush()
    audit.record_file(session, f"이수증 재인쇄 {len(ordered)}장", len(ordered), path, printed=True)
    return IssueResult(Path(path), 0, len(ordered), tuple(c.serial for c in ordered), digest)


def revoke(session: Session, certificate_id: int, reason: str, *, actor: str) -> str:
    """Revoke a certificate: its serial stays in the ledger with the reason; returns it."""
    why = reason_text(reason, "취소 사유", "발급을 취소하는 사유를 적으십시오.")
    certificate = session.scalars(select(Certificate).where(Certificate.id == certificate_id)
                                  .with_for_update()).one_or_none()
    if certificate is None:
        raise NotFoundError("발급대장에 없는 이수증입니다.")
    if certificate.revoked_at is not None:
        raise ValidationError(f"제 {certificate.serial} 호는 이미 발급이 취소되었습니다 "
                              f"({certificate.revoke_reason}).", field="이수증")
    certificate.revoked_at = clock.now(session)
    certificate.revoked_by = actor
    certificate.revoke_reason = why
    session.flush()
    return certificate.serial


def live_certificates(session: Session, enrollment_ids: Sequence[int]) -> dict[int, str]:
    """Enrolment id → serial of its live certificate, for those that hold one."""
    if not enrollment_ids:
        return {}
    rows = session.execute(select(Certificate.enrollment_id, Certificate.year, Certificate.number)
                           .where(Certificate.enrollment_id.in_(list(enrollment_ids)),
                                  Certificate.revoked_at.is_(None))).all()
    return {eid: serial_text(year, number) for eid, year, number in rows}


@dataclass(frozen=True)
class Verification:
    """The answer to "is this certificate genuine?"."""

    status: str          # 유효, 취소, 확인 불가
    message: str
    serial: str = ""
    name: str = ""
    course_title: str = ""


def parse_serial(value: str) -> tuple[int, int] | None:
    """``2021-00001`` (also ``제 2021-00001 호``, ``2021-1``) → (year, number)."""
    cleaned = value.replace("제", "").replace("호", "").replace(" ", "").strip()
    year, _, number = cleaned.partition("-")
    if not (year.isdigit() and number.isdigit() and len(year) == 4):
        return None
    return int(year), int(number)


def verify(session: Session, serial: str, code: str) -> Verification:
    """Whether the certificate ``serial`` with verification ``code`` was issued here and
    stands; a wrong code answers like an unknown serial, so codes cannot be guessed by serial."""
    parsed = parse_serial(serial or "")
    unknown = Verification("확인 불가", "발급대장에 없는 발급번호이거나 확인코드가 맞지 않습니다.")
    if parsed is None:
        return Verification("확인 불가", "발급번호는 2021-00001 형식으로 입력하십시오.")
    certificate = session.scalars(select(Certificate).where(
        Certificate.year == parsed[0], Certificate.number == parsed[1])).one_or_none()
    typed = (code or "").upper().replace("-", "").replace(" ", "")
    if certificate is None or not secrets.compare_digest(
            typed.encode(), certificate.code.replace("-", "").encode()):
        return unknown
    values = snapshot_values(certificate)
    who = dict(serial=certificate.serial, name=values.get("name", ""),
               course_title=values.get("course_title", ""))
    if certificate.revoked_at is not None:
        return Verification("취소", f"발급이 취소된 이수증입니다 ({certificate.revoked_at:%Y-%m-%d}, "
                                  f"사유: {certificate.revoke_reason}).", **who)
    return Verification("유효", f"{who['name']} · {who['course_title']} · "
                              f"{values.get('issued_on', '')} 발급: 유효한 이수증입니다.", **who)

