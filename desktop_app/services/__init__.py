"""Use cases: pure Python over a SQLAlchemy session, no Qt.

Each public function takes a ``Session`` first, does one thing, raises
:class:`~desktop_app.errors.ValidationError` / :class:`~desktop_app.errors.ConflictError` with a
Korean message, and never commits: the caller owns the transaction.
"""
