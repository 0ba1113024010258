"""A PostgreSQL connection that speaks the report file's SQL, so the store's code runs on both.

The store writes SQLite's dialect: `?` parameters, `INSERT OR REPLACE`, `INSERT OR IGNORE`, a column
named `user`, `cursor.lastrowid`. `ServerConnection.execute` rewrites those few forms for PostgreSQL
(the tables' primary keys come from the same schema the file uses) and raises the store's own
exception type, `sqlite3.Error` subclasses, so that its error handling applies unchanged; the
PostgreSQL error stays attached as `pg` for messages that need it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg

from esgdesk.core.store.server.ddl import IDENTITY_COLUMNS, primary_keys


class ServerError(sqlite3.OperationalError):
    """A PostgreSQL error, as the store's code catches database errors."""

    def __init__(self, pg: psycopg.Error) -> None:
        super().__init__(str(pg).strip().splitlines()[0] if str(pg).strip() else type(pg).__name__)
        self.pg = pg
        self.sqlstate = getattr(pg, "sqlstate", None)


_UPSERT = re.compile(r"^\s*INSERT\s+OR\s+(REPLACE|IGNORE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.IGNORECASE | re.DOTALL)
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)\b", re.IGNORECASE)
_USER = re.compile(r"(?<![\"\w])user(?![\"\w])")
_cache: dict[str, str] = {}


def translate(sql: str) -> str:
    """The SQLite statement `sql` as PostgreSQL runs it (cached: the store uses a few dozen statements)."""
    done = _cache.get(sql)
    if done is not None:
        return done
    out = _USER.sub('"user"', sql.replace("%", "%%").replace("?", "%s"))
    m = _UPSERT.match(out)
    if m:
        verb, table, cols = m.group(1).upper(), m.group(2), [c.strip() for c in m.group(3).split(",")]
        out = f"INSERT INTO {table} ({m.group(3)})" + out[m.end(0) :]
        if verb == "IGNORE":
            out += " ON CONFLICT DO NOTHING"
        else:
            keys = primary_keys()[table]
            updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in cols if c.strip('"') not in keys)
            out += f" ON CONFLICT ({', '.join(keys)}) DO " + (f"UPDATE SET {updates}" if updates else "NOTHING")
    else:
        m2 = _INSERT.match(out)
        if m2 and m2.group(1) in IDENTITY_COLUMNS:
            out += f" RETURNING {IDENTITY_COLUMNS[m2.group(1)]}"
    _cache[sql] = out
    return out


class ServerCursor:
    """The part of `sqlite3.Cursor` the store uses: fetching, iterating and `lastrowid`."""

    def __init__(self, rows: list[tuple[Any, ...]], lastrowid: int | None, rowcount: int) -> None:
        self._rows = rows
        self.lastrowid = lastrowid
        self.rowcount = rowcount

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._rows = self._rows, []
        return rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.fetchall())


class ServerConnection:
    """The part of `sqlite3.Connection` the store uses, over a psycopg connection in autocommit mode
    (transactions are opened and closed by the statements `BEGIN`, `COMMIT`, `ROLLBACK`, as on a file)."""

    def __init__(self, pg: psycopg.Connection[Any]) -> None:
        self.pg = pg

    @property
    def in_transaction(self) -> bool:
        return self.pg.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] = ()) -> ServerCursor:
        text = translate(sql)
        try:
            cur = self.pg.execute(text, tuple(params))  # always parameters: `%%` in the text is then `%`
            rows = cur.fetchall() if cur.description is not None else []
        except psycopg.Error as exc:
            raise ServerError(exc) from exc
        lastrowid = int(rows[0][0]) if rows and "RETURNING" in text and text.startswith("INSERT") else None
        return ServerCursor(rows, lastrowid, cur.rowcount)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        text = translate(sql)
        try:
            with self.pg.cursor() as cur:
                cur.executemany(text, [tuple(r) for r in rows])
        except psycopg.Error as exc:
            raise ServerError(exc) from exc

    def close(self) -> None:
        self.pg.close()
