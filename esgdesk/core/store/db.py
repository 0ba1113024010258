"""The report's SQLite connection: durable settings, rollback, and write errors in plain words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from esgdesk.core import schema_check
from esgdesk.core.errors import EsgdeskError, WriteError


def connect(path: Path | str) -> sqlite3.Connection:
    """A read-write connection whose every commit is on disk when it returns (synchronous=FULL)."""
    db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=5.0)
    schema_check.harden(db)
    db.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
    db.execute("PRAGMA synchronous = FULL")
    return db


def write_error(exc: sqlite3.Error, path: Path) -> EsgdeskError:
    text = str(exc).lower()
    if "full" in text:
        return WriteError(
            "the disk is full: the change was not saved and the file keeps its last good state; "
            "free some space or save a copy elsewhere",
            where=str(path),
        )
    if "readonly" in text or "read-only" in text or "permission" in text:
        return WriteError(
            "the file or its folder is read-only: the change was not saved; save a copy elsewhere to keep editing",
            where=str(path),
        )
    if "locked" in text or "busy" in text:
        return WriteError("another program is writing to the file; try again in a moment", where=str(path))
    return WriteError(f"the change could not be saved ({exc}); the file keeps its last good state", where=str(path))


def rollback(db: sqlite3.Connection) -> None:
    try:
        if db.in_transaction:
            db.execute("ROLLBACK")
    except sqlite3.Error:
        pass
