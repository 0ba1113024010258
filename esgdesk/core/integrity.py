"""A full check of a report file: the database's own integrity, the audit chain, and whether
every figure still matches what the audit log says was last written to it.

Opening a report runs the quick checks; `check_report` is the thorough one behind `esgdesk check`.
It reads the file without changing it and without taking the edit lock.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from esgdesk.core import audit
from esgdesk.core.errors import ReportFileError


@dataclass(slots=True)
class IntegrityResult:
    path: Path
    database: str  # "ok" or SQLite's first complaint
    audit_entries: int
    values: int
    values_checked: int  # figures that have an audit entry to compare with
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "ok": self.ok,
            "database": self.database,
            "audit_entries": self.audit_entries,
            "values": self.values,
            "values_checked": self.values_checked,
            "problems": list(self.problems),
        }


def check_report(path: Path | str) -> IntegrityResult:
    """Refuses (ReportFileError) a file that is not a readable report; otherwise lists its problems."""
    from esgdesk.core.store import inspect_file

    path = Path(path)
    inspect_file(path)
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ReportFileError(f"the report cannot be read ({exc})", where=str(path)) from None
    try:
        rows = db.execute("PRAGMA integrity_check(20)").fetchall()
        database = "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows)
        problems = [] if database == "ok" else [f"the database is damaged: {database}"]
        problems += audit.verify(db)
        n_audit = int(db.execute("SELECT count(*) FROM audit").fetchone()[0])
        mismatched, n_values, n_checked = values_against_audit(db)
        problems += [
            f"the {year} figure of '{ind}' ({ent}) differs from the last change the audit log records: "
            "it was changed outside esgdesk"
            for ent, ind, year in mismatched[:20]
        ]
        if len(mismatched) > 20:
            problems.append(f"... and {len(mismatched) - 20} more figures changed outside esgdesk")
    except sqlite3.Error as exc:
        raise ReportFileError(f"the report is damaged and cannot be checked ({exc})", where=str(path)) from None
    finally:
        db.close()
    return IntegrityResult(path, database, n_audit, n_values, n_checked, problems)


_VALUE_FIELDS = ("status", "qualifier", "entered", "entered_unit", "num", "low", "high", "text", "decimals",
                 "reason", "detection_limit")


def values_against_audit(db: sqlite3.Connection) -> tuple[list[tuple[str, str, int]], int, int]:
    """Figures whose stored value is not the one the audit log last recorded for them.

    Figures without any value entry in the log (copied in by a roll-forward) cannot be compared
    and are not counted as checked. Returns (mismatched keys, figures, figures checked).
    """
    from esgdesk.core.store import _row_to_value

    last: dict[tuple[str, str, int], Any] = {}
    for ent, ind, year, new in db.execute(
        "SELECT entity, indicator, year, new FROM audit WHERE field = 'value' ORDER BY seq"
    ):
        last[(ent, ind, int(year))] = None if new is None else json.loads(new)
    stored: dict[tuple[str, str, int], Any] = {}
    for row in db.execute(f"SELECT entity, indicator, year, {', '.join(_VALUE_FIELDS)} FROM vals"):
        try:
            stored[(row[0], row[1], int(row[2]))] = _row_to_value(tuple(row[3:])).to_dict()
        except (KeyError, ValueError):
            stored[(row[0], row[1], int(row[2]))] = {"unreadable": True}
    mismatched: list[tuple[str, str, int]] = []
    checked = 0
    for key in sorted(set(last) | set(stored)):
        if key not in last:
            continue
        checked += 1
        if _canonical(last[key]) != _canonical(stored.get(key)):
            mismatched.append(key)
    return mismatched, len(stored), checked


def _canonical(d: Any) -> str:
    return json.dumps(d, sort_keys=True, ensure_ascii=False)
