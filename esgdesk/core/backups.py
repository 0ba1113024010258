"""Rolling backups of a report: taken on open and before every merge, migration and import."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from esgdesk.core.errors import WriteError

KEEP = 10


def backup_dir(report_path: Path) -> Path:
    report_path = Path(report_path)
    return report_path.parent / ".esgdesk-backups" / report_path.name


def make_backup(source: sqlite3.Connection | Path, report_path: Path, reason: str, keep: int = KEEP) -> Path:
    """A consistent copy, then the oldest beyond `keep` are removed.

    From an open connection SQLite's online backup is used (consistent while the report is open);
    from a closed file (before a migration) the bytes are copied exactly as they were.
    """
    folder = backup_dir(report_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-{reason}.esg"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not isinstance(source, sqlite3.Connection):
            partial = target.with_suffix(".partial")
            shutil.copyfile(source, partial)
            os.replace(partial, target)
            return _prune(report_path, keep, target)
        dst = sqlite3.connect(target)
        try:
            source.backup(dst)
        finally:
            dst.close()
    except (OSError, sqlite3.Error) as exc:
        try:
            target.unlink(missing_ok=True)
        except OSError:
            pass
        raise WriteError(f"could not write a backup copy ({exc}); nothing was changed", where=str(folder)) from None
    return _prune(report_path, keep, target)


def _prune(report_path: Path, keep: int, newest: Path) -> Path:
    for old in list_backups(report_path)[keep:]:
        try:
            old.unlink()
        except OSError:
            pass
    return newest


def list_backups(report_path: Path) -> list[Path]:
    """Newest first."""
    folder = backup_dir(report_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.esg"), reverse=True)
