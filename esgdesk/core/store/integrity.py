"""A full check of a report file: its schema against its format's, the database's own integrity, the
audit chain, and whether every figure still matches what the audit log says was last written to it.

Opening a report runs the quick checks; `check_report` is the thorough one behind `esgdesk check`.
It reads the file without changing it and without taking the edit lock.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from esgdesk.core import schema_check
from esgdesk.core.errors import ReportFileError
from esgdesk.core.store import audit_log
from esgdesk.core.store.batch import VALUE_COLS


@dataclass(slots=True)
class IntegrityResult:
    path: Path
    database: str  # "ok" or SQLite's first complaint
    audit_entries: int
    values: int
    values_checked: int  # figures that have an audit entry to compare with
    problems: list[str] = field(default_factory=list)
    values_mismatched: int = 0  # of those checked, figures that differ from their last audit entry
    values_missing: int = 0  # figures the audit log says were written that are gone from the file
    schema: list[str] = field(default_factory=list)  # how the schema differs from its format's

    @property
    def contents_checked(self) -> bool:
        """A file holding database objects esgdesk did not create is not read beyond its schema."""
        return not self.schema

    @property
    def values_matched(self) -> int:
        return self.values_checked - self.values_mismatched

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
            "values_matched": self.values_matched,
            "values_mismatched": self.values_mismatched,
            "values_missing": self.values_missing,
            "contents_checked": self.contents_checked,
            "schema": list(self.schema),
            "problems": list(self.problems),
        }


def check_report(path: Path | str) -> IntegrityResult:
    """Refuses (ReportFileError) a file that is not a readable report; otherwise lists its problems."""
    from esgdesk.core.store.files import inspect_file

    path = Path(path)
    version = inspect_file(path, verify_schema=False)  # a foreign schema is reported below, not refused
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        schema_check.harden(db)
    except sqlite3.Error as exc:
        raise ReportFileError(f"the report cannot be read ({exc})", where=str(path)) from None
    try:
        rows = db.execute("PRAGMA integrity_check(20)").fetchall()
        database = "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows)
        problems = [] if database == "ok" else [f"the database is damaged: {database}"]
        found = schema_check.problems(db, version)
        if found:
            # Objects esgdesk did not create are not read through: the file is unusable as it is.
            problems += [f"{p} (the file's schema is not esgdesk's, so its contents were not checked)" for p in found]
            return IntegrityResult(path, database, 0, 0, 0, problems, schema=found)
        result = check_contents(db, path, database, problems + audit_log.verify(db))
    except sqlite3.Error as exc:
        raise ReportFileError(f"the report is damaged and cannot be checked ({exc})", where=str(path)) from None
    finally:
        db.close()
    return result


def check_contents(db: sqlite3.Connection, path: Path, database: str, problems: list[str]) -> IntegrityResult:
    """The part of the check that reads the report's rows (a file's, or a server report's): every figure
    against what its audit log last recorded; `problems` are those already found (the chain's)."""
    n_audit = int(db.execute("SELECT count(*) FROM audit").fetchone()[0])
    figures = values_against_audit(db)
    shown = (figures.mismatched + figures.missing)[:20]
    problems = problems + [
        f"the {year} figure of '{ind}' ({ent}) "
        + (
            "was deleted outside esgdesk: the audit log records it, the file no longer holds it"
            if (ent, ind, year) in figures.missing
            else "differs from the last change the audit log records: it was changed outside esgdesk"
        )
        for ent, ind, year in shown
    ]
    more = len(figures.mismatched) + len(figures.missing) - len(shown)
    if more > 0:
        problems.append(f"... and {more} more figures changed or deleted outside esgdesk")
    return IntegrityResult(
        path,
        database,
        n_audit,
        figures.values,
        figures.checked,
        problems,
        values_mismatched=len(figures.mismatched),
        values_missing=len(figures.missing),
    )


@dataclass(slots=True)
class FigureCheck:
    values: int  # figures the file holds
    checked: int  # of those, figures with an entry in the audit log to compare with
    mismatched: list[tuple[str, str, int]]  # checked figures that differ from their last entry
    missing: list[tuple[str, str, int]]  # figures the log says hold a value, not in the file


def values_against_audit(db: sqlite3.Connection) -> FigureCheck:
    """Figures whose stored value is not the one the audit log last recorded for them.

    Figures without any value entry in the log (copied in by a roll-forward) cannot be compared
    and are not counted as checked; a figure the log says was written but the file no longer holds
    is counted apart, so that the figures checked are always among the figures held.
    """
    from esgdesk.core.values import value_from_row as _row_to_value

    last: dict[tuple[str, str, int], Any] = {}
    for ent, ind, year, new in db.execute(
        "SELECT entity, indicator, year, new FROM audit WHERE field = 'value' ORDER BY seq"
    ):
        last[(ent, ind, int(year))] = None if new is None else json.loads(new)
    stored: dict[tuple[str, str, int], Any] = {}
    for row in db.execute(f"SELECT entity, indicator, year, {VALUE_COLS} FROM vals"):
        try:
            stored[(row[0], row[1], int(row[2]))] = _row_to_value(tuple(row[3:])).to_dict()
        except (KeyError, ValueError):
            stored[(row[0], row[1], int(row[2]))] = {"unreadable": True}
    mismatched: list[tuple[str, str, int]] = []
    missing: list[tuple[str, str, int]] = []
    checked = 0
    for key in sorted(last):
        if key not in stored:
            if last[key] is not None:
                missing.append(key)
            continue
        checked += 1
        if _canonical(last[key]) != _canonical(stored[key]):
            mismatched.append(key)
    return FigureCheck(len(stored), checked, mismatched, missing)


def _canonical(d: Any) -> str:
    return json.dumps(d, sort_keys=True, ensure_ascii=False)
