"""Long jobs in a QThreadPool worker with a cancellable progress dialog.

The worker only calls the job and emits signals; the dialog and every widget are touched in
the GUI thread, where the queued signals arrive. The window stays responsive meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

# The module, not the dialog's class: PySide6 builds a class (and its base, QDialog) when it is first
# named, and no job runs before the first paint.
from PySide6 import QtWidgets
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from esgdesk.core.jobs import CancelToken, Progress
from esgdesk.gui.i18n import tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

Job = Callable[[Progress, CancelToken], Any]


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)  # the exception


class _Runnable(QRunnable):
    def __init__(self, job: Job, signals: _Signals, token: CancelToken) -> None:
        super().__init__()
        self.job = job
        self.signals = signals
        self.token = token
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.job(lambda done, total, what: self.signals.progress.emit(done, total, what), self.token)
        except BaseException as exc:  # handed to the GUI thread, which explains or logs it
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class JobHandle(QObject):
    """One running job: its dialog, its cancel token, and its outcome as signals."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.token = CancelToken()
        self.dialog = QtWidgets.QProgressDialog(title, tr("job.cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(tr("title.progress"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setAccessibleName(title)
        self.dialog.canceled.connect(self.token.cancel)
        self.signals = _Signals()
        self.signals.progress.connect(self._on_progress)
        self.signals.done.connect(self._on_done)
        self.signals.failed.connect(self._on_failed)
        self.running = True

    def _on_progress(self, done: int, total: int, what: str) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if what:
            self.dialog.setLabelText(what)

    def _finish(self) -> None:
        self.running = False
        self.dialog.canceled.disconnect(self.token.cancel)
        self.dialog.close()
        self.dialog.deleteLater()

    def _on_done(self, result: object) -> None:
        self._finish()
        self.finished.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._finish()
        self.failed.emit(exc)


def run_job(job: Job, title: str, parent: QWidget | None, *, pool: QThreadPool | None = None) -> JobHandle:
    handle = JobHandle(title, parent)
    (pool or QThreadPool.globalInstance()).start(_Runnable(job, handle.signals, handle.token))
    return handle
