"""Rolling backups of a report: taken on open and before every merge, migration and import."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from esgdesk.core.errors import WriteError

KEEP = 10


def backup_dir(report_path: Path) -> Path:
    report_path = Path(report_path)
    return report_path.parent / ".esgdesk-backups" / report_path.name


def make_backup(source: sqlite3.Connection | Path, report_path: Path, reason: str, keep: int = KEEP) -> Path:
    """A consistent copy (SQLite's online backup), then the oldest beyond `keep` are removed."""
    folder = backup_dir(report_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-{reason}.esg"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        own = not isinstance(source, sqlite3.Connection)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True) if own else source
        assert isinstance(src, sqlite3.Connection)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            if own:
                src.close()
    except (OSError, sqlite3.Error) as exc:
        try:
            target.unlink(missing_ok=True)
        except OSError:
            pass
        raise WriteError(f"could not write a backup copy ({exc}); nothing was changed", where=str(folder)) from None
    for old in list_backups(report_path)[keep:]:
        try:
            old.unlink()
        except OSError:
            pass
    return target


def list_backups(report_path: Path) -> list[Path]:
    """Newest first."""
    folder = backup_dir(report_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.esg"), reverse=True)
