"""The audit log's rows in a report file: entries appended, read back, and the hash chain verified.

The entry and the chain's hashing are `core.audit`'s; here is the SQL, which only the store runs.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from esgdesk.core.audit import FIELDS, AuditEntry, digest, digest_of_json


def append(
    db: sqlite3.Connection,
    *,
    at: str,
    user: str,
    field: str,
    entity: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
    old: Any = None,
    new: Any = None,
    why: str | None = None,
    source: str = "app",
    prev_hash: str | None = None,
) -> str:
    """Add one entry inside the caller's (write) transaction; returns its hash."""
    old_s = None if old is None else json.dumps(old, ensure_ascii=False, sort_keys=True)
    new_s = None if new is None else json.dumps(new, ensure_ascii=False, sort_keys=True)
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq = (last[0] + 1) if last else 1
    prev = prev_hash if prev_hash is not None else (last[1] if last else "")
    h = digest(prev, (seq, at, user, entity, indicator, year, field, old_s, new_s, why, source))
    db.execute(
        "INSERT INTO audit (seq, at, user, entity, indicator, year, field, old, new, why, source, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, user, entity, indicator, year, field, old_s, new_s, why, source, h),
    )
    return h


def rehash_all(db: sqlite3.Connection) -> None:
    """Compute the chain over existing rows (migration from a format without one)."""
    prev = ""
    rows = db.execute(f"SELECT {FIELDS} FROM audit ORDER BY seq").fetchall()
    for row in rows:
        prev = digest(prev, tuple(row))
        db.execute("UPDATE audit SET hash = ? WHERE seq = ?", (prev, row[0]))


def verify(db: sqlite3.Connection) -> list[str]:
    """Problems with the chain, in plain words; empty when the log is intact."""
    problems: list[str] = []
    prev = ""
    expected_seq = 1
    # Every open checks the whole log, so the row is serialised by SQLite's json_array (a third of the
    # time of json.dumps here); it writes the text and integers of the log as json.dumps does, and any
    # entry whose digest then differs is checked again the exact way before it is called changed.
    for seq, stored, fields in db.execute(f"SELECT seq, hash, json_array({FIELDS}) FROM audit ORDER BY seq"):
        if seq != expected_seq:
            # The entry after a gap was chained to the removed one: only the gap is worth reporting.
            problems.append(f"audit entries {expected_seq}-{seq - 1} are missing")
        elif digest_of_json(prev, fields) != stored and not _matches_exactly(db, prev, seq, stored):
            problems.append(f"audit entry {seq} was changed outside esgdesk")
        if len(problems) > 20:
            break
        prev = stored
        expected_seq = seq + 1
    # AUTOINCREMENT remembers the highest number ever used, so entries cut from the end show too.
    top = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    if top and int(top[0]) >= expected_seq:
        problems.append(f"audit entries {expected_seq}-{int(top[0])} are missing (removed from the end of the log)")
    triggers = {
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
    }
    if not {"audit_no_update", "audit_no_delete"} <= triggers:
        problems.append("the audit log's protection against changes was removed outside esgdesk")
    return problems


def _matches_exactly(db: sqlite3.Connection, prev: str, seq: int, stored: str) -> bool:
    row = db.execute(f"SELECT {FIELDS} FROM audit WHERE seq = ?", (seq,)).fetchone()
    return row is not None and digest(prev, tuple(row)) == stored


def read(
    db: sqlite3.Connection,
    *,
    indicator: str | None = None,
    entity: str | None = None,
    limit: int | None = None,
    field: str | None = None,
    upto: int | None = None,
) -> list[AuditEntry]:
    """The entries in order, of one indicator, entity or kind (`field`), up to entry `upto`."""
    sql = f"SELECT {FIELDS} FROM audit"
    conditions = (("field = ?", field), ("seq <= ?", upto), ("indicator = ?", indicator), ("entity = ?", entity))
    given = [(condition, value) for condition, value in conditions if value is not None]
    args: list[Any] = [value for _, value in given]
    if given:
        sql += " WHERE " + " AND ".join(condition for condition, _ in given)
    sql += " ORDER BY seq"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [AuditEntry.from_row(r) for r in db.execute(sql, args)]
