"""The report file on disk: inspection before opening, recovery of an interrupted write, atomic replacement
of a file or a whole folder, consistent copies."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from esgdesk.core import schema, schema_check
from esgdesk.core.errors import Refused, ReportFileError, WriteError

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


@contextlib.contextmanager
def replacing_folder(target: Path, what: str) -> Iterator[Path]:
    """An empty temporary folder beside `target` that takes `target`'s place, whole, when the block completes.

    For a folder that is read as one thing (an exported catalogue, an XBRL report): its files are
    written into the temporary folder and flushed to disk, then the old folder is renamed aside, the
    new one renamed in and the old one removed, so a file the new contents no longer have is gone too.
    On any failure the temporary folder is removed and `target` keeps what it had; a failure of the
    disk (full, read-only, refused) is a WriteError naming `target` and `what` was being written.
    """
    # Loaded by a folder write: opening a report (the app's start) needs neither module.
    import shutil
    import tempfile

    # The folder a link names is the one replaced (the link stays); "." has a name to put beside it.
    target = target.resolve() if target.is_symlink() else target.absolute()
    if target.exists() and not target.is_dir():
        raise Refused(f"{what} needs a folder here, and a file of that name is in the way", where=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    except OSError as exc:
        raise _folder_error(what, target, exc) from None
    try:
        yield tmp
        _flush_tree(tmp)
        _swap_folder(tmp, target)
    except OSError as exc:
        raise _folder_error(what, target, exc) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # gone after a swap; whatever a failure left, otherwise


def _folder_error(what: str, target: Path, exc: OSError) -> WriteError:
    return WriteError(
        f"{what} could not be written ({exc.strerror or exc}); nothing in the folder was changed", where=str(target)
    )


def _flush_tree(folder: Path) -> None:
    """Every file under `folder` on disk, then the folders' entries: only then may the folder be renamed in."""
    for root, _dirs, names in os.walk(folder):
        for name in names:
            fd = os.open(os.path.join(root, name), os.O_RDWR)  # Windows flushes only a writable handle
            try:
                os.fsync(fd)  # a full disk may say so only here
            finally:
                os.close(fd)
        _fsync_dir(Path(root))


def _fsync_dir(path: Path) -> None:
    """A folder's entries on disk, where the system allows it (Windows opens no folder)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _swap_folder(new: Path, target: Path) -> None:
    """`new` renamed to `target`; a folder already there is renamed aside first and removed after."""
    if not target.exists():
        os.rename(new, target)
        _fsync_dir(target.parent)
        return
    import shutil

    old = target.with_name(f".{target.name}.{os.urandom(4).hex()}.old")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)  # the previous folder back under its name
        raise
    _fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)  # a file the system keeps open stays until it is closed


def copy_database(source: sqlite3.Connection | Path, target: Path) -> None:
    """A consistent copy of a report's database written to `target` by SQLite's online backup.

    `source` is an open connection (the copy is consistent while the report is open and in use) or a
    report file, opened read-only. Any failure, the disk's or SQLite's, is a WriteError whose message is
    the reason alone, for the caller to word; `target` is the caller's to place (under `replacing`).
    """
    try:
        src = source if isinstance(source, sqlite3.Connection) else sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if src is not source:
                schema_check.harden(src)
            dst = sqlite3.connect(str(target))
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            if src is not source:
                src.close()
    except (OSError, sqlite3.Error) as exc:
        raise WriteError(str(exc), where=str(target)) from None


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
