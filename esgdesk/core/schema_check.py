"""Every report file is untrusted input: its schema against the one its format version defines, and
the SQLite settings esgdesk opens any report file with.

Report files travel by e-mail, so a file may have been crafted: an extra trigger on the audit log
that deletes figures on the next edit, a view, an index on an expression, a column that is computed.
SQLite's advice for database files from untrusted sources ("Defense Against the Dark Arts",
https://www.sqlite.org/security.html) is to switch off what a schema can make the library do and to
verify the schema before use. A file whose schema is not exactly its format's is unusable input.

The expected schema is not a list kept by hand: each format version's own DDL
(`schema.build_schema`) is run into an in-memory database and read back exactly as the file's is, so
whatever a new format version adds is covered the day it is added.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from esgdesk.core import schema
from esgdesk.core.errors import ReportFileError

# Limits from SQLite's list that cannot get in esgdesk's own way: its triggers never fire others,
# and it never attaches a database to a connection on a report. (The length, column and variable
# limits are left alone: a report's catalogue and attachments are large cells, and a whole-section
# query binds many variables.)
_LIMITS = ((sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 10), (sqlite3.SQLITE_LIMIT_ATTACHED, 0))


def harden(db: sqlite3.Connection) -> None:
    """What SQLite recommends for a file from an untrusted source, as far as Python's sqlite3 reaches."""
    # Functions with side effects may not run from the schema (triggers, views, defaults, checks).
    db.execute("PRAGMA trusted_schema = OFF")
    # Damaged b-tree cells are found as pages are read, not trusted.
    db.execute("PRAGMA cell_size_check = ON")
    # Memory-mapped I/O would let a damaged file be read straight from the mapping.
    db.execute("PRAGMA mmap_size = 0")
    for limit, value in _LIMITS:
        db.setlimit(limit, value)
    if sys.version_info >= (3, 12):
        # sqlite3_db_config() is reachable from Python only since 3.12 (Connection.setconfig). On 3.11,
        # the oldest Python esgdesk runs on, a connection stays without these two, and the schema check
        # below is what refuses a file with a view or a schema written by hand.
        db.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)  # no writable_schema, no raw page writes
        db.setconfig(sqlite3.SQLITE_DBCONFIG_ENABLE_VIEW, False)  # esgdesk's formats have no views


@dataclass(frozen=True, slots=True)
class DbObject:
    """One entry of sqlite_master, with its columns as SQLite reads them."""

    kind: str  # table, index, trigger or view
    name: str
    table: str  # the table an index or trigger belongs to
    sql: str  # its CREATE statement, normalised; empty for the indexes SQLite makes itself
    columns: tuple[tuple[Any, ...], ...] = ()

    def describe(self) -> str:
        if self.kind in ("index", "trigger"):
            return f"{self.kind} '{self.name}' on table '{self.table}'"
        return f"{self.kind} '{self.name}'"


Schema = dict[tuple[str, str], DbObject]

_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r" ?([(),;=]) ?")


@functools.lru_cache(maxsize=256)  # the same statements come back on every open: read them once
def normalise(sql: str | None) -> str:
    """The statement with its layout taken out: runs of whitespace, and space around punctuation."""
    if not sql:
        return ""
    return _AROUND.sub(r"\1", _SPACE.sub(" ", sql).strip())


# table_xinfo shows generated columns (hidden 2 or 3); index_xinfo shows expressions (cid -2).
_TABLE_COLUMNS = (
    'SELECT m.name, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden '
    "FROM sqlite_master AS m, pragma_table_xinfo(m.name) AS p WHERE m.type = 'table' "
    "ORDER BY m.name, p.cid"
)
_INDEX_COLUMNS = (
    'SELECT m.name, p.seqno, p.cid, p.name, p."desc", p.coll, p."key" '
    "FROM sqlite_master AS m, pragma_index_xinfo(m.name) AS p WHERE m.type = 'index' "
    "ORDER BY m.name, p.seqno"
)
_MASTER = "SELECT type, name, tbl_name, sql FROM sqlite_master"


def read_schema(db: sqlite3.Connection) -> Schema:
    """Every table, index, trigger and view of `db` by (kind, name)."""
    cols: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
    for kind, query in (("table", _TABLE_COLUMNS), ("index", _INDEX_COLUMNS)):
        for row in db.execute(query):
            cols.setdefault((kind, row[0]), []).append(row[1:])
    return {
        (kind, name): DbObject(kind, name, table, normalise(sql), tuple(cols.get((kind, name), ())))
        for kind, name, table, sql in db.execute(_MASTER)
    }


@contextlib.contextmanager
def _built(version: int) -> Iterator[sqlite3.Connection]:
    """An empty database in memory with format `version`'s DDL run into it."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        db.execute("BEGIN")
        schema.build_schema(db, version)
        yield db
    finally:
        db.close()


@functools.cache
def expected_schema(version: int) -> Schema:
    """What format `version` holds: its DDL run into an empty database in memory, read back."""
    with _built(version) as db:
        return read_schema(db)


@functools.cache
def expected_statements(version: int) -> frozenset[tuple[str, str, str, str | None]]:
    """The schema statements format `version` stores, exactly as SQLite keeps them."""
    with _built(version) as db:
        return frozenset(db.execute(_MASTER))


def problems(db: sqlite3.Connection, version: int) -> list[str]:
    """How the schema of `db` differs from what format `version` defines; empty when it is exactly that.

    Objects esgdesk did not create come first, then altered ones, then missing ones.
    """
    # The usual file, in one query: statements identical to esgdesk's own fix every column, index and
    # trigger, since SQLite builds the schema from them. Any other file is compared object by object.
    if frozenset(db.execute(_MASTER)) == expected_statements(version):
        return []
    expected = expected_schema(version)
    found = read_schema(db)
    added = [f"{obj.describe()}, which esgdesk did not create" for key, obj in found.items() if key not in expected]
    # Columns are compared as well as the statements: normalising the layout also takes it out of
    # quoted text, where it would change a default.
    altered = [
        key
        for key, obj in found.items()
        if key in expected
        and (obj.sql, obj.table, obj.columns) != (expected[key].sql, expected[key].table, expected[key].columns)
    ]
    # An index or trigger of a missing table goes without saying.
    missing = [
        f"{obj.describe()} is missing"
        for key, obj in expected.items()
        if key not in found and (obj.kind == "table" or ("table", obj.table) in found)
    ]
    changed = [line for key in altered for line in _what_changed(expected[key], found[key])]
    return added + changed + missing


def _what_changed(want: DbObject, got: DbObject) -> list[str]:
    if want.kind != "table":
        return [f"{got.describe()} differs from the one esgdesk creates"]
    table = want.name
    # table_xinfo rows: cid, name, type, notnull, dflt_value, pk, hidden
    mine = {c[1]: c for c in want.columns}
    theirs = {c[1]: c for c in got.columns}
    out: list[str] = []
    for name, col in theirs.items():
        old = mine.get(name)
        if old is None:
            kind = "generated column" if col[6] in (2, 3) else "column"
            out.append(f"{kind} '{name}' of table '{table}', which esgdesk did not create")
        elif col[6] != old[6]:
            out.append(f"column '{name}' of table '{table}' was made a generated column")
        elif col[2] != old[2]:
            declared = f"declared {col[2]}" if col[2] else "declared without a type"
            out.append(f"column '{name}' of table '{table}' is {declared} instead of {old[2] or 'without a type'}")
        elif col[3:6] != old[3:6]:
            out.append(f"column '{name}' of table '{table}' has another default, NOT NULL or key than esgdesk's")
    out += [f"column '{name}' of table '{table}' is missing" for name in mine if name not in theirs]
    return out or [f"table '{table}' has another definition than the one esgdesk creates"]


def refusal(found: list[str], version: int) -> str:
    """The message that refuses a file with these schema problems."""
    listed = "; ".join(found[:6]) + (f"; and {len(found) - 6} more" if len(found) > 6 else "")
    tables = [key for key in expected_schema(version) if key[0] == "table"]
    absent = sum(1 for p in found if p.startswith("table '") and p.endswith(" is missing"))
    if absent * 2 >= len(tables):
        return f"this is not an esgdesk report (its database holds other tables than a report's): {listed}"
    if all(p.endswith(" is missing") for p in found):
        return f"the report is damaged or was altered outside esgdesk: {listed}; restore it from a backup"
    return (
        f"the report was altered outside esgdesk and is not opened, because a crafted file can change "
        f"figures behind your back: {listed}; ask its sender for a new copy, or restore a backup"
    )


def verify(db: sqlite3.Connection, version: int, *, where: str) -> None:
    """Refuse (ReportFileError) a database whose schema is not exactly format `version`'s."""
    found = problems(db, version)
    if found:
        raise ReportFileError(refusal(found, version), where=where)
