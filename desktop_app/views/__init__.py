"""Qt widgets, item models and dialogs.  The only package (with ``app.py``) that imports Qt.

Pages hold ids and small frozen dataclasses from the services, never ORM objects; every user
action opens one session through :class:`~desktop_app.views.context.AppContext`.
"""
