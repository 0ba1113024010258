"""Who has a report open for writing.

The operating system's lock decides (`flock` on POSIX, `msvcrt.locking` on Windows: the calls
`filelock` makes, taken here directly because the lock is on the start-up path and that package
costs a tenth of the app's import time); a small JSON file beside it says who holds it, so the
second user is told a name rather than "locked". A holder that crashed leaves the JSON behind but
not the OS lock, which the OS drops with the process: that stale note is detected and replaced.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

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
        self._fd: int | None = None
        self.stale_holder: dict[str, str] | None = None

    def holder(self) -> dict[str, str] | None:
        try:
            data = json.loads(self.info_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def acquire(self, user: str) -> None:
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise self._cannot(exc) from None
        try:
            _lock_now(fd)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in _HELD:
                raise self._cannot(exc) from None
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
        previous = self.holder()
        if previous is not None:
            self.stale_holder = previous  # its process is gone: the OS released its lock
        info = {
            "user": user,
            "host": _host(),
            "pid": str(os.getpid()),
            "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        }
        with contextlib.suppress(OSError):  # the lock itself holds; the note is a courtesy
            self.info_path.write_text(json.dumps(info), encoding="utf-8")
        self._fd = fd

    def _cannot(self, exc: OSError) -> WriteError | LockedError:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return WriteError(
                "the report's folder is read-only, so the report cannot be opened for editing; "
                "open it read-only and save a copy elsewhere to keep working",
                where=str(self.path),
            )
        return LockedError(f"cannot lock the report for editing: {exc.strerror or exc}", where=str(self.path))

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.info_path.unlink(missing_ok=True)
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)  # closing drops the lock too; unlocking first says so on every platform

    @property
    def held(self) -> bool:
        return self._fd is not None


# errno of a lock another process holds: EWOULDBLOCK (= EAGAIN) from flock, EACCES or EDEADLK from
# msvcrt.locking; an error opening the lock file is told apart before these are looked at.
_HELD = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK}


def _lock_now(fd: int) -> None:
    """Lock the open file without waiting; OSError (errno in _HELD) when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _host() -> str:
    """This computer's name, as the lock note gives it (without loading the socket module on POSIX)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()
