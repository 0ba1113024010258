"""The report file on disk: inspection before opening, recovery of an interrupted write, atomic replacement."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from esgdesk.core import schema, schema_check
from esgdesk.core.errors import ReportFileError

SQLITE_MAGIC = b"SQLite format 3\x00"


@contextlib.contextmanager
def replacing(target: Path, tag: str = "writing", *, tmp: Path | None = None) -> Iterator[Path]:
    """A temporary path beside `target`, renamed over `target` when the block completes.

    Whatever writes a file that others read (a report, a copy, a backup, an export) writes it
    under this temporary name: the real name only ever holds a complete file, and on any error
    the partial file is removed and `target` keeps what it had. Errors are the caller's to word.
    """
    tmp = tmp or target.with_name(f".{target.name}.{os.getpid()}.{tag}")
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def inspect_file(path: Path, *, verify_schema: bool = True) -> int:
    """Check that `path` is a readable esgdesk report without changing it; returns its format version.

    Its schema must be exactly what its format version defines (`schema_check`), unless the caller
    reports a foreign schema itself (`esgdesk check`).
    """
    if not path.exists():
        raise ReportFileError("no such file", where=str(path))
    if path.is_dir():
        raise ReportFileError("this is a folder, not a report file", where=str(path))
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise ReportFileError(f"cannot be read: {exc.strerror or exc}", where=str(path)) from None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise ReportFileError("this is not an esgdesk report file (it is not a report database)", where=str(path))
    app_id = int.from_bytes(head[68:72], "big")
    version = int.from_bytes(head[60:64], "big")
    if app_id != schema.APPLICATION_ID:
        raise ReportFileError("this is a database of another program, not an esgdesk report", where=str(path))
    if recover_interrupted_write(path):
        return inspect_file(path, verify_schema=verify_schema)
    # SQLite reads a missing tail as zeros and may not notice: a file cut short (an interrupted
    # copy, a full USB stick) is recognised by its size against the header's page count.
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    size = path.stat().st_size
    if page_size < 512 or size % page_size or size < int.from_bytes(head[28:32], "big") * page_size:
        raise ReportFileError(
            "the report file is cut short (damaged, perhaps by an interrupted copy); restore it from a backup",
            where=str(path),
        )
    if version > schema.SCHEMA_VERSION:
        raise ReportFileError(
            f"this report was made by a newer esgdesk (file format {version}); this version reads formats up to "
            f"{schema.SCHEMA_VERSION}: please update esgdesk",
            where=str(path),
        )
    if version < 1:
        raise ReportFileError("this report file is incomplete (it has no format version)", where=str(path))
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            schema_check.harden(db)
            result = db.execute("PRAGMA quick_check").fetchone()  # first, as SQLite advises for unknown files
            if verify_schema and result and result[0] == "ok":
                schema_check.verify(db, version, where=str(path))
        finally:
            db.close()
    except (sqlite3.Error, ValueError) as exc:  # ValueError: SQLite's complaint quoting undecodable bytes
        raise ReportFileError(f"the report is damaged and cannot be read ({exc})", where=str(path)) from None
    if not result or result[0] != "ok":
        raise ReportFileError(f"the report is damaged ({result[0] if result else 'no answer'})", where=str(path))
    return version


def recover_interrupted_write(path: Path) -> bool:
    """Roll back a write that a crash or kill cut short; True when a rollback happened.

    Such a write leaves a "hot" journal beside the report. A read-only connection cannot roll it
    back and would call the report damaged, so a read-write connection is opened once: SQLite then
    restores the last committed state, and only if no live writer is still holding the file.
    """
    journal = path.with_name(path.name + "-journal")
    try:
        if not journal.is_file() or journal.stat().st_size == 0:
            return False
    except OSError:
        return False
    try:
        db = sqlite3.connect(str(path), isolation_level=None, timeout=5.0)
        try:
            schema_check.harden(db)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise ReportFileError(
            f"a change to this report was interrupted and cannot be undone here ({exc}); copy the report together "
            f"with '{journal.name}' to a writable folder and open it there",
            where=str(path),
        ) from None
    return not journal.exists()
