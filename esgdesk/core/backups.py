"""Rolling backups of a report: taken on open and before every merge, migration and import."""

# Where backups go, their names and how many are kept are decided here; the copies of a report's
# database are made by the store (`store.files.copy_database`), the only code that opens one.

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from esgdesk.core.errors import WriteError

KEEP = 10


def backup_dir(report_path: Path | str) -> Path:
    """Beside a report file; for a report on a server (a URL), in the user's data folder, by report id."""
    from esgdesk.core.server_url import ReportURL, is_url

    if is_url(report_path):
        from platformdirs import user_data_dir

        report = ReportURL.parse(str(report_path)).report or "unnamed"
        return Path(user_data_dir("esgdesk", appauthor=False)) / "server-backups" / report
    report_path = Path(report_path)
    return report_path.parent / ".esgdesk-backups" / report_path.name


def backup_name(reason: str) -> str:
    """`<stamp>-<reason>.esg`, the stamp sorting by time (`list_backups` lists newest first)."""
    return f"{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}-{reason}.esg"


def make_backup(source: Path | Callable[[Path], None], report_path: Path, reason: str, keep: int = KEEP) -> Path:
    """A consistent copy, then the oldest beyond `keep` are removed.

    `source` is a closed report file, whose bytes are copied exactly as they were (before a migration),
    or what writes a consistent copy of an open report to the path it is given (`Report.backup`: SQLite's
    online backup, by the store). The copy appears under its name only when complete.
    """
    from esgdesk.core.store.files import replacing  # the store imports this module

    folder = backup_dir(report_path)
    target = folder / backup_name(reason)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with replacing(target, tmp=target.with_suffix(".partial")) as partial:
            if isinstance(source, Path):
                import shutil  # loaded by a backup, not by opening a report

                shutil.copyfile(source, partial)
            else:
                source(partial)
    except (OSError, WriteError) as exc:
        why = exc.message if isinstance(exc, WriteError) else exc
        raise WriteError(f"could not write a backup copy ({why}); nothing was changed", where=str(folder)) from None
    return _prune(report_path, keep, target)


def _prune(report_path: Path | str, keep: int, newest: Path) -> Path:
    for old in list_backups(report_path)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return newest


def list_backups(report_path: Path | str) -> list[Path]:
    """Newest first."""
    folder = backup_dir(report_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.esg"), reverse=True)


def restore_backup(backup_path: Path | str, target_path: Path | str, *, user: str | None = None) -> Path:
    """Put the report in `backup_path` at `target_path`, which nobody may have open.

    The backup is checked before anything changes; a report already at `target_path` is first
    backed up itself ("before-restore"), so a restore can be undone by restoring that copy.
    The new file appears under its name only when complete.
    """
    from esgdesk.core.locking import ReportLock, current_user
    from esgdesk.core.store.files import copy_database, inspect_file, recover_interrupted_write, replacing

    backup_path, target_path = Path(backup_path), Path(target_path)
    inspect_file(backup_path)
    if target_path.exists() and target_path.resolve() == backup_path.resolve():
        raise WriteError("a backup cannot be restored onto itself", where=str(target_path))
    lock = ReportLock(target_path)
    try:
        target_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot restore there: {exc.strerror or exc}", where=str(target_path)) from None
    lock.acquire(user or current_user())
    try:
        if target_path.exists():
            # A journal left by a crash belongs to the old file: it must not be played onto the restored one.
            recover_interrupted_write(target_path)
            if target_path.with_name(target_path.name + "-journal").exists():
                raise WriteError(
                    "the report has an unfinished change that cannot be undone; restore to a new name",
                    where=str(target_path),
                )
            make_backup(target_path, target_path, "before-restore")
        try:
            with replacing(target_path, "restoring") as tmp:
                copy_database(backup_path, tmp)
        except (OSError, WriteError) as exc:
            why = exc.message if isinstance(exc, WriteError) else exc
            raise WriteError(
                f"the backup could not be restored ({why}); nothing was changed", where=str(target_path)
            ) from None
    finally:
        lock.release()
    return target_path
