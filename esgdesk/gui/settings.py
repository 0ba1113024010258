"""What the app remembers between runs, in the platform's settings location (QSettings)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class AppSettings:
    """Typed access to QSettings; a test passes its own ini file."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._s = qsettings or QSettings("esgdesk", "esgdesk")

    @classmethod
    def at(cls, path: Path) -> AppSettings:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def _str(self, key: str, default: str = "") -> str:
        value = self._s.value(key, default)
        return value if isinstance(value, str) else default

    @property
    def user(self) -> str:
        return self._str("user/name")

    @user.setter
    def user(self, value: str) -> None:
        self._s.setValue("user/name", value.strip())

    @property
    def department(self) -> str:
        return self._str("user/department")

    @department.setter
    def department(self, value: str) -> None:
        self._s.setValue("user/department", value.strip())

    def audit_user(self) -> str | None:
        """The name written into the audit log: "name (department)", or None to let the core decide."""
        name = self.user
        if not name:
            return None
        return f"{name} ({self.department})" if self.department else name

    @property
    def server_url(self) -> str:
        """The last server report opened (File → Open Server Report), never with a password in it."""
        return self._str("server/last_url")

    @server_url.setter
    def server_url(self, value: str) -> None:
        from esgdesk.core.server_url import ReportURL

        self._s.setValue("server/last_url", ReportURL.parse(value).shown)  # the password stays in ~/.pgpass

    @property
    def language(self) -> str:
        return self._str("ui/language", "en")

    @language.setter
    def language(self, value: str) -> None:
        self._s.setValue("ui/language", value)

    @property
    def recent_files(self) -> list[Path]:
        value = self._s.value("files/recent", [])
        if isinstance(value, str):  # QSettings gives a bare string for a one-item list
            value = [value]
        if not isinstance(value, list):
            return []
        return [Path(v) for v in value if isinstance(v, str) and v]

    def add_recent(self, path: Path) -> None:
        text = str(Path(path).resolve())
        before = [str(p) for p in self.recent_files]
        items = ([text] + [p for p in before if p != text])[:MAX_RECENT]
        if items != before:  # reopening the last file leaves the settings file as it is
            self._s.setValue("files/recent", items)

    def remove_recent(self, path: Path) -> None:
        text = str(Path(path).resolve())
        self._s.setValue("files/recent", [str(p) for p in self.recent_files if str(p) != text])

    @property
    def last_file(self) -> Path | None:
        recent = self.recent_files
        return recent[0] if recent else None

    @property
    def geometry(self) -> bytes | None:
        value = self._s.value("ui/geometry")
        if isinstance(value, QByteArray):
            return bytes(value.data())
        # Python bytes (pickled): as esgdesk stored it before; rewritten as a byte array on the next close.
        return bytes(value) if value is not None and hasattr(value, "__bytes__") else None

    def save_geometry(self, data: bytes) -> None:
        # As Qt's own byte array, not Python bytes: PySide6 stores a Python object in the settings file as a
        # pickle, and reading any setting then unpickles it (reading a pickle trusts the file; loading pickle
        # alone took about 2 ms of every start). An unchanged geometry is not written again.
        stored = self._s.value("ui/geometry")
        if not (isinstance(stored, QByteArray) and stored.data() == data):
            self._s.setValue("ui/geometry", QByteArray(data))

    def sync(self) -> None:
        self._s.sync()
