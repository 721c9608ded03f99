"""UI text goes through :func:`tr`; Korean is the source language.

No translation is loaded today, so ``tr`` returns its text unchanged.  Every string lives in one
context (``CONTEXT``) rather than one per class: the same wording ("취소", "저장" …) then needs
one translation, and a later translation file can be made with ``pyside6-lupdate`` over
``desktop_app/views`` and ``desktop_app/app.py`` and loaded with a ``QTranslator``.  (lupdate
files bare ``tr("…")`` calls under the empty context name, so set the ``.ts`` file's context to
``CONTEXT`` before ``pyside6-lrelease``, or the loaded translations are not found.)

Texts with values in them are constant templates filled afterwards with :meth:`str.format`
(``tr("과정 {count}개").format(count=n)``), so a translator sees a fixed source string.

Korean that code also uses as a key (page names, "전체", form-row labels) or that is bound at
import, before a translator can be installed (column titles, file filters), stays plain and is
translated where it is shown (``headerData``, ``FormDialog.add_row`` …); lupdate cannot list
those.  Data values (statuses, categories) and the Qt-free services' messages are not UI
wording and are not translated.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "Yeonsu"


def tr(text: str, disambiguation: str | None = None) -> str:
    """Translate UI text (Korean is the source language; .qm files can be added later)."""
    return QCoreApplication.translate(CONTEXT, text, disambiguation)
