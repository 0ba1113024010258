"""Long jobs (import, export, merge, consolidation) report progress and can be cancelled.

The core knows nothing of threads or Qt: a job calls `progress(done, total, what)` now and then
and checks `cancel`; the GUI runs it in a worker thread and turns these into a progress dialog.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from esgdesk.core.errors import EsgdeskError

Progress = Callable[[int, int, str], None]


class Cancelled(EsgdeskError):
    """The user cancelled a long job; nothing it would have written was written."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("cancelled; nothing was changed")


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def no_progress(done: int, total: int, what: str) -> None:
    """The default when nobody watches."""


def step(progress: Progress | None, cancel: CancelToken | None, done: int, total: int, what: str) -> None:
    """Report progress and stop here if the user has cancelled."""
    if cancel is not None:
        cancel.check()
    if progress is not None:
        progress(done, total, what)
