"""Accounts: the first account holds 관리자 and needs no login, then accounts are on for good;
passwords are kept only as argon2 hashes; five wrong passwords lock an account for five
minutes; commands need --user and exit 3 with one Korean line when refused, writing nothing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from desktop_app.errors import AccessDeniedError, ValidationError
from desktop_app.models import UserAccount
from desktop_app.services import accounts
from tests.db.test_cli import run

PASSWORD = "학교-연수-2021"


def test_the_first_account_and_what_is_stored(database):
    with database.session_scope() as s:
        assert not accounts.accounts_enabled(s)
        with pytest.raises(ValidationError, match="관리자 역할"):
            accounts.add_user(s, "김주무관", PASSWORD, ["조회"], None)
        with pytest.raises(ValidationError) as refused:
            accounts.add_user(s, "김주무관", "짧음", ["없는역할"], None)
        assert {"비밀번호", "역할"} <= set(refused.value.fields)
        accounts.add_user(s, "관리자1", PASSWORD, ["관리자"], None)
    with database.session_scope() as s:
        assert accounts.accounts_enabled(s)
        stored = s.scalar(select(UserAccount.password_hash))
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        with pytest.raises(AccessDeniedError):          # no login: no new account
            accounts.add_user(s, "박주무관", PASSWORD, ["조회"], None)
        admin = accounts.log_in(s, "관리자1", PASSWORD)
        assert isinstance(admin, accounts.SignedIn) and admin.holds("관리자")
        accounts.add_user(s, "박주무관", PASSWORD, ["조회", "과정 담당"], admin)
        viewer = accounts.log_in(s, "박주무관", PASSWORD)
        with pytest.raises(AccessDeniedError):
            accounts.add_user(s, "최주무관", PASSWORD, ["조회"], viewer)
        with pytest.raises(ValidationError, match="이미 있습니다"):
            accounts.add_user(s, "박주무관", PASSWORD, ["조회"], admin)
        rows = accounts.account_rows(s)
    assert [r.name for r in rows] == ["관리자1", "박주무관"]
    assert "password" not in str(rows[0].as_json())


def test_five_wrong_passwords_lock_for_five_minutes(database, monkeypatch):
    with database.session_scope() as s:
        accounts.add_user(s, "관리자1", PASSWORD, ["관리자"], None)
    start = datetime(2021, 6, 15, 9, 0)
    monkeypatch.setattr(accounts, "wall_clock", lambda: start)

    def attempt(password: str):
        with database.session_scope() as s:          # each try commits its count
            return accounts.log_in(s, "관리자1", password)

    for n in range(4):
        assert f"{4 - n}번 더 틀리면" in attempt("틀린 비밀번호")
    assert "5분 동안 잠겼습니다" in attempt("틀린 비밀번호")
    assert "09:05까지 잠겼습니다" in attempt(PASSWORD)          # even the right one, while locked
    monkeypatch.setattr(accounts, "wall_clock", lambda: start + timedelta(minutes=6))
    assert isinstance(attempt(PASSWORD), accounts.SignedIn)
    with database.session_scope() as s:
        assert "맞지 않습니다" in accounts.log_in(s, "없는사람", PASSWORD)


def test_commands_log_in_and_are_refused_with_exit_3(db_path, capsys, monkeypatch):
    assert run(capsys, "--db", db_path, "init")[0] == 0
    code, out, _ = run(capsys, "--db", db_path, "user", "list")
    assert code == 0 and "계정 0개" in out
    monkeypatch.setenv("YEONSU_NEW_PASSWORD", PASSWORD)
    code, _out, err = run(capsys, "--db", db_path, "user", "add", "김주무관", "--role", "조회")
    assert code == 2 and "관리자 역할" in err
    code, out, _ = run(capsys, "--db", db_path, "user", "add", "관리자1", "--role", "관리자")
    assert code == 0 and "계정을 만들었습니다" in out
    code, _out, err = run(capsys, "--db", db_path, "course", "list")     # accounts are on now
    assert code == 3 and "--user" in err and len(err.strip().splitlines()) == 1
    monkeypatch.setenv("YEONSU_PASSWORD", "틀린 비밀번호")
    code, _out, err = run(capsys, "--db", db_path, "--user", "관리자1", "course", "list")
    assert code == 3 and "맞지 않습니다" in err
    monkeypatch.setenv("YEONSU_PASSWORD", PASSWORD)
    code, out, _ = run(capsys, "--db", db_path, "--user", "관리자1", "course", "list")
    assert code == 0
    code, out, _ = run(capsys, "--db", db_path, "--user", "관리자1", "user", "add", "박주무관",
                       "--role", "조회")
    assert code == 0
    monkeypatch.setenv("YEONSU_NEW_PASSWORD", PASSWORD)
    code, _out, err = run(capsys, "--db", db_path, "--user", "박주무관", "user", "add", "최주무관",
                          "--role", "조회")
    assert code == 3 and "관리자만" in err
    code, out, _ = run(capsys, "--db", db_path, "--user", "관리자1", "user", "list", "--json")
    assert code == 0 and [r["name"] for r in json.loads(out)] == ["관리자1", "박주무관"]


def test_로그인_시도는_시도한_이름으로_기록된다(database):
    from desktop_app.models import AuditEntry

    with database.session_scope() as s:
        accounts.add_user(s, "관리자1", PASSWORD, ["관리자"], None)
    with database.session_scope() as s:
        assert isinstance(accounts.log_in(s, "관리자1", "틀린 비밀번호"), str)
    with database.read_scope() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (last.actor, last.table_name, last.action) == ("관리자1 (로그인)", "user_account",
                                                             "수정")
