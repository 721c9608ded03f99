"""A whole file's worth of values in one statement, on both back ends."""

from datetime import date, datetime

import pytest
from sqlalchemy import Date, Integer, String, select

from desktop_app.models import Organization, Person
from desktop_app.services.bulk_sql import in_values, insert_rows, value_table
from tests.factories import make_person


def test_a_list_of_rows_comes_back_as_it_went_in(database):
    rows = [("홍길동", date(1985, 3, 2), 1), ("O'Brien \"Jr\" \\", date(1900, 1, 1), -7),
            ("😀 이모지", None, None), ("", date(2099, 12, 31), 2**31 - 1)]
    with database.read_scope() as s:
        wanted = value_table(s, [String(), Date(), Integer()], rows)
        assert sorted(s.execute(select(*wanted.columns).select_from(wanted.table)).all(),
                      key=str) == sorted(rows, key=str)
        empty = value_table(s, [String(), Date()], [])
        assert s.execute(select(*empty.columns).select_from(empty.table)).all() == []


def test_more_values_than_a_statement_may_have_parameters(database):
    """SQLite takes at most 32,766 parameters; the list is one of them, however long."""
    first = make_person(database, name="가나다", neis_no="K000000001")
    second = make_person(database, name="라마바", neis_no="K000000002")
    numbers = [f"X{i:09d}" for i in range(40_000)] + ["K000000002", "K000000001"]
    with database.read_scope() as s:
        found = s.execute(select(Person.id, Person.neis_no)
                          .where(in_values(s, Person.neis_no, numbers))).all()
        assert sorted(found) == [(first, "K000000001"), (second, "K000000002")]
        ids = s.scalars(select(Person.id).where(in_values(s, Person.id, [second, 10**9])))
        assert list(ids) == [second]


def test_inserted_rows_are_stored_as_the_models_store_them(database):
    """The driver's executemany on SQLite, SQLAlchemy's on PostgreSQL: the same rows, read
    back through the models, and their ids in the order given."""
    made = make_person(database, name="먼저온")  # ids continue after the rows already there
    stamp = datetime(2021, 3, 2, 9, 30, 15, 123456)
    columns = ("name", "birth_date", "neis_no", "phone", "version", "created_at", "updated_at")
    rows = [(f"이름{i}", date(1980, 1, 1 + i % 28), f"Z{i:09d}" if i % 2 else None, None, 1,
             stamp, stamp) for i in range(30)]
    with database.session_scope() as s:
        with pytest.raises(ValueError, match="created_at"):  # a default the statement skips
            insert_rows(s, Person.__table__, ("name", "version"), [("누구", 1)])
        ids = insert_rows(s, Person.__table__, columns, rows, returning_ids=True)
        assert insert_rows(s, Organization.__table__, ("name", "kind", "version"),
                           [("학교", "학교", 1)]) == []
    assert len(ids) == 30 and ids == sorted(ids) and ids[0] > made
    with database.read_scope() as s:
        stored = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(ids)))}
        assert [(stored[i].name, stored[i].birth_date, stored[i].neis_no, stored[i].created_at)
                for i in ids] == [(r[0], r[1], r[2], stamp) for r in rows]
        # the stored forms compare as the ORM's own: SQL finds them by value
        assert s.scalar(select(Person.id).where(Person.created_at == stamp,
                                                Person.birth_date == date(1980, 1, 2))) == ids[1]
