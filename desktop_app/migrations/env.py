"""Alembic environment: runs on the connection the program hands over, or on ``-x db=URL``."""

from __future__ import annotations

from alembic import context

from desktop_app.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from desktop_app.db import create_db_engine, database_url

    url = context.get_x_argument(as_dictionary=True).get("db")
    engine = create_db_engine(database_url(url))
    with engine.begin() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Yeonsu migrations run online only: use -x db=PATH_OR_URL")
run_migrations_online()
