"""A server report written into a report file: its rows as stored, audit hashes included (`esgdesk checkout`,
a server report's backups and copies)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.core import schema
from esgdesk.core.errors import Refused, ReportFileError, WriteError
from esgdesk.core.store.db import connect as connect_file
from esgdesk.core.store.db import write_error
from esgdesk.core.store.files import replacing
from esgdesk.core.store.server.ddl import tables

if TYPE_CHECKING:
    from esgdesk.core.store.server.report import ServerReport


def write_file(rep: ServerReport, target: Path, *, overwrite: bool = False) -> Path:
    """Write the server report `rep` into a new report file `target`, every table as of one moment."""
    if target.exists() and not overwrite:
        raise Refused("a file of that name exists already; choose another name", where=str(target))
    conn = rep.connection()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with rep._write_lock, replacing(target, "checkout") as tmp:
            tmp.unlink(missing_ok=True)
            db = connect_file(tmp)
            try:
                db.execute("BEGIN")
                schema.create_schema(db)
                conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")  # every table as of one moment
                try:
                    for t in tables():
                        cols = ", ".join(t.names)
                        rows: list[Any] = conn.execute(
                            f"SELECT {cols} FROM {t.name} ORDER BY {', '.join(t.key)}"
                        ).fetchall()
                        if rows:
                            db.executemany(
                                f"INSERT INTO {t.name} ({cols}) VALUES ({', '.join('?' * len(t.names))})", rows
                            )
                finally:
                    conn.execute("ROLLBACK")
                db.execute("COMMIT")
            finally:
                db.close()
    except sqlite3.Error as exc:
        if hasattr(exc, "pg"):
            raise ReportFileError(f"the report cannot be read from the server ({exc})", where=rep.url.shown) from None
        raise write_error(exc, target) from None
    except OSError as exc:
        raise WriteError(f"cannot write the file: {exc.strerror or exc}", where=str(target)) from None
    return target
