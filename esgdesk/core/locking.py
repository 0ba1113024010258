"""Who has a report open for writing.

The operating system's lock (through `filelock`) decides; a small JSON file beside it says
who holds it, so the second user is told a name rather than "locked". A holder that crashed
leaves the JSON behind but not the OS lock: that stale note is detected and replaced.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from esgdesk.core.errors import LockedError, WriteError


def current_user() -> str:
    name = os.environ.get("ESGDESK_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class ReportLock:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        # Hidden siblings; the lock file itself is never deleted, since unlinking a lock file
        # lets a late opener lock the old inode while a newcomer locks a new one.
        self.lock_path = self.path.with_name(f".{self.path.name}.lock")
        self.info_path = self.path.with_name(f".{self.path.name}.lock.json")
        self._lock: Any = None
        self.stale_holder: dict[str, str] | None = None

    def holder(self) -> dict[str, str] | None:
        try:
            data = json.loads(self.info_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def acquire(self, user: str) -> None:
        from filelock import FileLock, Timeout  # only writers need it; readers start faster

        lock = FileLock(str(self.lock_path), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            holder = self.holder() or {}
            who = holder.get("user", "another user")
            where = holder.get("host", "another computer")
            since = holder.get("since", "")
            raise LockedError(
                f"{who} on {where} has this report open for editing{' since ' + since if since else ''}; "
                "open it read-only or try again later",
                holder=holder,
                where=str(self.path),
            ) from None
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise WriteError(
                    "the report's folder is read-only, so the report cannot be opened for editing; "
                    "open it read-only and save a copy elsewhere to keep working",
                    where=str(self.path),
                ) from None
            raise LockedError(
                f"cannot lock the report for editing: {exc.strerror or exc}", where=str(self.path)
            ) from None
        previous = self.holder()
        if previous is not None:
            self.stale_holder = previous  # its process is gone: the OS released its lock
        info = {
            "user": user,
            "host": socket.gethostname(),
            "pid": str(os.getpid()),
            "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        }
        with contextlib.suppress(OSError):  # the lock itself holds; the note is a courtesy
            self.info_path.write_text(json.dumps(info), encoding="utf-8")
        self._lock = lock

    def release(self) -> None:
        if self._lock is None:
            return
        with contextlib.suppress(OSError):
            self.info_path.unlink(missing_ok=True)
        self._lock.release()
        self._lock = None

    @property
    def held(self) -> bool:
        return self._lock is not None
