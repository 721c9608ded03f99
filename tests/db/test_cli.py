"""Headless commands: exit codes, Korean problem lines, JSON shape, nothing half-written."""

import json
from datetime import date

import holidays
import pytest

from desktop_app import cli
from desktop_app.db import open_database
from desktop_app.services import clock, enrollment, persons
from desktop_app.services import runs as run_service
from desktop_app.services.schedule_text import parse_schedule


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_a_database(tmp_path, capsys):
    path = tmp_path / "new" / "x.sqlite3"
    code, out, _ = run(capsys, "--db", str(path), "init")
    assert code == 0 and path.exists() and "준비 완료" in out


def test_demo_then_course_list_json(db_path, capsys):
    assert run(capsys, "--db", db_path, "demo")[0] == 0
    code, out, _ = run(capsys, "--db", db_path, "course", "list", "--year", "2021", "--json")
    assert code == 0
    data = json.loads(out)
    assert len(data) == 210
    first = data[0]
    assert {"code", "title", "year", "category", "department", "schedule", "runs"} <= set(first)
    assert {"code", "start", "end", "capacity", "enrolled", "waitlisted", "status",
            "lodging", "note"} <= set(first["runs"][0])
    assert sum(len(c["runs"]) for c in data) == 4094
    # the JSON alone shows working days inside the months its schedule text gives
    off = holidays.country_holidays("KR", years=[2021, 2022])
    for course in data:
        spans = parse_schedule(course["schedule"], 2021)
        months = {m for span in spans for m in span.months}
        for r in course["runs"]:
            for day in (date.fromisoformat(r["start"]), date.fromisoformat(r["end"])):
                assert day.weekday() < 5 and day not in off, (r["code"], day)
                assert not months or (day.year, day.month) in months, (r["code"], day)
            assert "가상 날짜" in r["note"]
    lodging = {c["category"] for c in data for r in c["runs"] if r["lodging"]}
    assert lodging == {"자격연수"}
    code, out, _ = run(capsys, "--db", db_path, "course", "list", "--year", "2022", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "--db", db_path, "course", "list")
    assert out.strip().endswith("과정 210개")
    code, _, err = run(capsys, "--db", db_path, "demo")
    assert code == 2 and "이미" in err


def _make_run(db_path, capacity):
    from tests.factories import make_course_with_run

    database = open_database(db_path)
    try:
        make_course_with_run(database, capacity=capacity)
    finally:
        database.dispose()


def test_enroll_selects_then_waitlists(db_path, capsys):
    _make_run(db_path, 1)
    code, out, _ = run(capsys, "--db", db_path, "enroll", "--run", "2021-001-01", "--name", "홍길동",
                       "--birth", "1980-03-05", "--org", "서울한빛초등학교")
    assert code == 0 and "새 연수생으로 등록" in out and "선발 (1/1)" in out
    code, out, _ = run(capsys, "--db", db_path, "enroll", "--run", "2021-001-01", "--name", "김철수",
                       "--birth", "1975-01-02", "--org", "서울한빛초등학교")
    assert code == 0 and "대기 1번" in out
    database = open_database(db_path)
    with database.session_scope() as s:
        persons.create_person(s, persons.PersonFields(name="이나이스", birth_date="1985-05-05",
                                                      neis_no="K123456789"))
    database.dispose()
    code, out, _ = run(capsys, "--db", db_path, "enroll", "--run", "2021-001-01",
                       "--neis", "k123456789")
    assert code == 0 and "이나이스" in out and "대기 2번" in out
    # the same person found again by name + birth + org: not registered twice
    code, _, err = run(capsys, "--db", db_path, "enroll", "--run", "2021-001-01", "--name", "홍길동",
                       "--birth", "1980-03-05", "--org", "서울한빛초등학교")
    assert code == 2 and "이미 이 기수에 '선발'" in err


@pytest.mark.parametrize("args, message", [
    (["--run", "2021-009-01", "--neis", "A123456789"], "기수코드 '2021-009-01'인 기수가 없습니다"),
    (["--run", "2021-001-01", "--neis", "Z999999999"], "나이스 개인번호 Z999999999인 연수생이 없습니다"),
    (["--run", "2021-001-01", "--name", "홍길동"], "'--birth'"),
    (["--run", "2021-001-01", "--name", "홍길동", "--birth", "1980-02-31", "--org", "가"],
     "'--birth': 날짜 형식이 아닙니다"),
    (["--run", "2021-001-01", "--neis", "A1", "--name", "x"], "함께 쓸 수 없습니다"),
    (["--run", "2021-001-01", "--name", "홍길동1", "--birth", "1980-02-01", "--org", "가"],
     "'성명': 성명에 쓸 수 없는 글자"),
])
def test_enroll_bad_input_exits_2_and_writes_nothing(db_path, capsys, args, message):
    _make_run(db_path, 5)
    code, out, err = run(capsys, "--db", db_path, "enroll", *args)
    assert code == 2 and message in err and out == ""
    assert all(line.strip() for line in err.splitlines())
    database = open_database(db_path)
    with database.read_scope() as s:
        assert persons.search_person_ids(s) == []
    database.dispose()


def test_usage_errors_exit_2_in_korean(db_path, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--db", db_path, "enroll"])
    assert info.value.code == 2
    assert "명령을 이해할 수 없습니다" in capsys.readouterr().err


def test_backup_and_restore_commands(db_path, tmp_path, capsys):
    _make_run(db_path, 5)
    out_file = tmp_path / "b.sqlite3"
    code, out, _ = run(capsys, "--db", db_path, "backup", "--out", str(out_file))
    assert code == 0 and out_file.exists()
    code, out, _ = run(capsys, "--db", db_path, "restore", str(out_file))
    assert code == 0 and "복원했습니다" in out
    assert "before-restore-" in out  # says where the replaced data is kept
    assert "주의" not in out  # its own backup
    code, _, err = run(capsys, "--db", db_path, "restore", str(tmp_path / "none.sqlite3"))
    assert code == 2 and "'파일': 백업 파일이 없습니다" in err


def test_restoring_another_databases_backup_says_so(db_path, tmp_path, capsys, sqlite_template):
    import shutil

    other = tmp_path / "other.sqlite3"
    shutil.copy(sqlite_template, other)
    out_file = tmp_path / "other-backup.sqlite3"
    assert run(capsys, "--db", str(other), "backup", "--out", str(out_file))[0] == 0
    run(capsys, "--db", db_path, "backup", "--out", str(tmp_path / "own.sqlite3"))
    code, out, _ = run(capsys, "--db", db_path, "restore", str(out_file))
    assert code == 0 and "주의: 다른 데이터베이스 other (" in out


def test_restore_of_a_broken_backup_exits_2_and_changes_nothing(db_path, tmp_path, capsys):
    from tests.factories import outside_tool

    _make_run(db_path, 5)
    out_file = tmp_path / "b.sqlite3"
    assert run(capsys, "--db", db_path, "backup", "--out", str(out_file))[0] == 0
    with outside_tool(out_file) as conn:
        conn.execute("ALTER TABLE course DROP COLUMN plan_task_code")
    code, out, err = run(capsys, "--db", db_path, "restore", str(out_file))
    assert code == 2 and out == ""
    assert err.strip() == "'파일': 백업 파일의 'course' 표에 'plan_task_code' 열이 없습니다."
    code, out, _ = run(capsys, "--db", db_path, "course", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 1


def test_backup_does_not_overwrite_another_file_without_force(db_path, tmp_path, capsys):
    letter = tmp_path / "letter.docx"
    letter.write_bytes(b"PK\x03\x04 not a backup")
    code, out, err = run(capsys, "--db", db_path, "backup", "--out", str(letter))
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "'letter.docx'은(는) 연수 백업 파일이 아니어서 덮어쓰지 않았습니다" in err
    assert letter.read_bytes() == b"PK\x03\x04 not a backup"
    code, out, _ = run(capsys, "--db", db_path, "backup", "--out", str(letter), "--force")
    assert code == 0 and "백업했습니다" in out
    assert letter.read_bytes().startswith(b"SQLite format 3")
    code, out, _ = run(capsys, "--db", db_path, "backup", "--out", str(letter))
    assert code == 0  # now it is a backup: replacing it needs no --force


def test_newer_database_exits_2(db_path, capsys):
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_x'")
    code, _, err = run(capsys, "--db", db_path, "course", "list")
    assert code == 2 and "더 새로운 버전" in err


def test_course_list_against_postgresql(pg_database, capsys):
    from tests.conftest import _truncate
    from tests.factories import make_course_with_run

    try:
        make_course_with_run(pg_database, capacity=7)
        code, out, _ = run(capsys, "--db", pg_database.url, "course", "list", "--json")
        assert code == 0 and json.loads(out)[0]["runs"][0]["capacity"] == 7
    finally:
        _truncate(pg_database)


def test_enroll_refuses_an_ambiguous_person(db_path, capsys):
    _make_run(db_path, 5)
    database = open_database(db_path)
    with database.session_scope() as s:
        fields = persons.PersonFields(name="김동명", birth_date="1970-01-01", organization="서울A중학교")
        persons.create_person(s, fields)
        persons.create_person(s, fields, allow_duplicate=True)
    database.dispose()
    code, out, err = run(capsys, "--db", db_path, "enroll", "--run", "2021-001-01", "--name",
                         "김동명", "--birth", "1970-01-01", "--org", "서울A중학교")
    assert code == 2 and "'--name': 성명·생년월일·소속이 같은 연수생이 2명" in err


def test_enroll_by_neis_of_a_merged_record_uses_the_kept_one(db_path, capsys):
    _make_run(db_path, 5)
    database = open_database(db_path)
    with database.session_scope() as s:
        keep = persons.create_person(s, persons.PersonFields(name="유지", birth_date="1970-01-01"))
        drop = persons.create_person(s, persons.PersonFields(name="유지", birth_date="1970-01-01",
                                                             neis_no="M123456789"))
        persons.merge_persons(s, keep, drop, "테스트")
    database.dispose()
    code, out, _ = run(capsys, "--db", db_path, "enroll", "--run", "2021-001-01",
                       "--neis", "m123456789")
    assert code == 0 and out.startswith("유지: 2021-001-01")


def test_enroll_into_an_ended_run_needs_a_late_reason(db_path, capsys):
    _make_run(db_path, 5)  # 2021-05-10 ~ 2021-05-12
    args = ["--db", db_path, "enroll", "--run", "2021-001-01", "--name", "홍길동",
            "--birth", "1980-03-05", "--org", "서울한빛초등학교"]
    with clock.fixed(date(2021, 6, 15)):
        code, out, err = run(capsys, *args)
        assert code == 2 and out == ""
        assert "'종료' 상태" in err and "--late-reason" in err
        database = open_database(db_path)
        with database.read_scope() as s:
            assert persons.search_person_ids(s) == []  # not even the new person was kept
        database.dispose()
        code, out, err = run(capsys, *args, "--late-reason", "출장으로 사후 등록 (과장 승인)")
    assert code == 0 and "선발" in out, err
    database = open_database(db_path)
    with database.read_scope() as s:
        [enrolment_id] = enrollment.roster_ids(s, run_service.find_run_id(s, "2021-001-01"))
        [event] = enrollment.history(s, enrolment_id)
        assert "늦은 신청 사유: 출장으로 사후 등록 (과장 승인)" in event.reason
    database.dispose()
