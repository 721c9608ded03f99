"""The log file: start, databases opened, migrations, backups, restores, and every error
nobody caught, with its traceback, in a rotating file in the data folder.

No Qt here: the GUI and the headless commands log the same way.  Users see short Korean
messages; the details a developer needs are here (and in the error dialog's details).
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
from pathlib import Path

from . import __version__, paths

LOG_FILENAME = "yeonsu.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

_handler: logging.Handler | None = None


def log_path() -> Path:
    """Where the log file is (``logs/yeonsu.log`` in the data folder); never raises, so an
    error message can always name it."""
    return paths.log_dir(create=False) / LOG_FILENAME


class _QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that cannot be written or rotated (another Yeonsu holds it open on Windows)
    loses that record; it never prints a 'Logging error' traceback on the console."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging API
        pass


def active_path() -> Path | None:
    """The file being written now, or None when no log could be opened."""
    return Path(_handler.baseFilename) if _handler is not None else None


def setup(program: str) -> Path | None:
    """Send the ``desktop_app`` loggers to the rotating file; returns its path.

    A log that cannot be written (a read-only data folder) must not stop the program: then
    nothing is logged and None is returned.
    """
    global _handler
    logger = logging.getLogger("desktop_app")
    logger.setLevel(logging.INFO)
    try:
        path = paths.log_dir() / LOG_FILENAME
    except OSError:
        return None
    if _handler is not None:
        if Path(_handler.baseFilename) == path:
            return path
        # The data folder moved (YEONSU_HOME changed in one process): follow it, so the file
        # named in messages is the file written.
        logger.removeHandler(_handler)
        _handler.close()
        _handler = None
    try:
        handler = _QuietRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=False)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    logger.addHandler(handler)
    _handler = handler
    logger.info("start %s %s (Python %s, %s)", program, __version__, platform.python_version(),
                platform.platform())
    return path
