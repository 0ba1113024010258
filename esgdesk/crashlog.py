"""Unexpected exceptions go to a log file in the platform's log folder, never to the user's screen."""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path


def log_dir() -> Path:
    env = os.environ.get("ESGDESK_LOG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_log_dir

    return Path(user_log_dir("esgdesk", appauthor=False))


def log_exception(exc: BaseException) -> Path:
    folder = log_dir()
    path = folder / "esgdesk-errors.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now().isoformat(timespec='seconds')} ---\n")
            fh.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    except OSError:
        return Path("(log could not be written)")
    return path
