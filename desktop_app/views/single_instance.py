"""One copy of the program per user and data folder: a second start asks the first, through a
local socket (``QLocalServer``: a named pipe on Windows, a socket file elsewhere), to bring its
window forward, and then ends."""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from .. import paths

WAKE = b"show\n"
CONNECT_MS = 500


def server_name() -> str:
    """Short and per user and data folder (portable copies and tests each have their own)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the folder alone still separates
        user = ""
    key = f"{user}|{paths.data_dir(create=False).resolve()}"
    return "yeonsu-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


class SingleInstance(QObject):
    """``claim()`` is False when another copy answers (it was told to come forward); else this
    copy listens, and ``woken`` fires whenever a later start knocks."""

    woken = Signal()

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server: QLocalServer | None = None

    def claim(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(CONNECT_MS):
            socket.write(WAKE)
            socket.waitForBytesWritten(CONNECT_MS)
            socket.disconnectFromServer()
            return False
        # nobody answered: a socket file left by a copy that crashed is stale, take the name
        QLocalServer.removeServer(self.name)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._knocked)
        self.server.listen(self.name)
        return True

    def _knocked(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            # the knock is a few bytes sent at once: read them here, no per-connection slots
            # (a lambda holding the connection outlived it at exit and crashed the process)
            if connection.bytesAvailable() or connection.waitForReadyRead(CONNECT_MS):
                if WAKE.strip() in bytes(connection.readAll().data()):
                    self.woken.emit()
            connection.disconnectFromServer()
            connection.deleteLater()

    def release(self) -> None:
        """Stop answering (the program is ending)."""
        if self.server is not None:
            self.server.close()
            self.server.deleteLater()
            self.server = None
