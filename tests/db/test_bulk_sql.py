"""A whole file's worth of values in one statement, on both back ends."""

from datetime import date

from sqlalchemy import Date, Integer, String, select

from desktop_app.models import Person
from desktop_app.services.bulk_sql import in_values, value_table
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
