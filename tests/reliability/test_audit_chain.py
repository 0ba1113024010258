"""The audit log is append-only and chained: rows removed or changed outside esgdesk are found on
open (`Report.integrity_problems`) and by `esgdesk check` and `esgdesk validate` (exit 1); a log
whose protection was dropped is not opened at all."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from esgdesk.core.errors import ReportFileError
from esgdesk.core.store import Report
from esgdesk.core.store.integrity import check_report
from tests.reliability.support import ESGDESK, child_env, record

UNPROTECT = ("DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete")


def _tamper(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for s in statements:
        db.execute(s)
    db.commit()
    db.close()


def _restore_triggers(path: Path) -> None:
    from esgdesk.core.schema import APPEND_ONLY_TRIGGERS

    _tamper(path, *APPEND_ONLY_TRIGGERS)


def _last(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT max(seq) FROM audit").fetchone()[0])
    finally:
        db.close()


def _changed(path: Path, statements: tuple[str, ...], message: str) -> str:
    """Runs `statements` on the file; returns what the check must then say."""
    _tamper(path, *statements)
    return message


def _unprotected(path: Path, statement: str, message: str) -> str:
    """Runs `statement` with the log's protection dropped, then puts the protection back."""
    _tamper(path, *UNPROTECT, statement)
    _restore_triggers(path)
    return message


TAMPERING: dict[str, Callable[[Path], str]] = {
    "row changed": lambda p: _unprotected(p, "UPDATE audit SET user = 'mallory' WHERE seq = 3", "entry 3 was changed"),
    "row removed": lambda p: _unprotected(p, "DELETE FROM audit WHERE seq = 3", "entries 3-3 are missing"),
    "first rows removed": lambda p: _unprotected(p, "DELETE FROM audit WHERE seq <= 2", "entries 1-2 are missing"),
    "last row removed": lambda p: _unprotected(p, f"DELETE FROM audit WHERE seq = {_last(p)}", "removed from the end"),
    "protection dropped": lambda p: _changed(p, UNPROTECT, "trigger 'audit_no_update' on table 'audit' is missing"),
    "figure changed by hand": lambda p: _changed(
        p,
        ("UPDATE vals SET num = 99, entered = '99' WHERE indicator = 'employees_total' AND year = 2023",),
        "changed outside esgdesk",
    ),
}


@pytest.fixture
def report(demo_path: Path) -> Path:
    with Report.open(demo_path) as rep:
        rep.set_text("employees_total", "4,321", why="year-end count")
        rep.set_explanation("employees_total", "new plant")
    return demo_path


def test_the_log_refuses_changes_inside_sqlite(report: Path) -> None:
    db = sqlite3.connect(report)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE audit SET user = 'mallory'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("DELETE FROM audit")
    finally:
        db.close()


def test_an_untouched_report_is_clean(report: Path) -> None:
    with Report.open(report) as rep:
        assert rep.integrity_problems == []
    assert check_report(report).ok
    out = subprocess.run([ESGDESK, "check", str(report)], capture_output=True, text=True, env=child_env())
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("how", list(TAMPERING))
def test_tampering_is_detected_and_reported(how: str, report: Path) -> None:
    words = TAMPERING[how](report)
    result = check_report(report)
    assert any(words in p for p in result.problems), result.problems
    check = subprocess.run([ESGDESK, "check", str(report)], capture_output=True, text=True, env=child_env())
    assert check.returncode == 1 and words in check.stderr and "Traceback" not in check.stderr, check.stderr
    if how == "protection dropped":  # a file without its protection is not opened at all
        with pytest.raises(ReportFileError, match=words):
            Report.open(report, readonly=True)
    elif how != "figure changed by hand":  # the full comparison of figures with the log is `esgdesk check`'s
        with Report.open(report, readonly=True) as rep:
            assert any(words in p for p in rep.integrity_problems), rep.integrity_problems
        val = subprocess.run([ESGDESK, "validate", str(report)], capture_output=True, text=True, env=child_env())
        assert val.returncode == 1 and words in val.stderr, val.stderr
    record(f"audit_tamper_{how}", detected=1)
