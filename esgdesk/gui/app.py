"""Start-up: the QApplication, the main window, and what to open first.

Only what the first paint needs is imported here; spreadsheet, XML and XBRL libraries load
when an export or import asks for them. The first report's rules run right after the first
paint: the window shows its figures at once and its findings a moment later.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from esgdesk.gui import i18n
from esgdesk.gui.dialogs import Dialogs
from esgdesk.gui.icons import app_icon
from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.session import deferred_checks
from esgdesk.gui.settings import AppSettings

DEMO_NAME = "luster-2023.esg"


def demo_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("esgdesk", appauthor=False)) / "demo" / DEMO_NAME


def ensure_demo() -> Path:
    """The demo report in the platform's data folder, written on first use."""
    path = demo_path()
    if not path.exists():
        from esgdesk.core.demo import write_demo

        write_demo(path)
    return path


def first_file(file: Path | None, settings: AppSettings) -> tuple[Path | None, bool]:
    """What to open: FILE, else the last file if it is still there, else the demo. (path, is_demo)."""
    if file is not None:
        return Path(file), False
    last = settings.last_file
    if last is not None and last.exists():
        return last, False
    return None, True


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def make_excepthook(dialogs: Dialogs, previous: ExceptHook) -> ExceptHook:
    """Log an unexpected exception and say so in a dialog; every committed edit is already on disk."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        from esgdesk.crashlog import log_exception

        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        log = log_exception(exc)
        try:
            dialogs.error(i18n.tr("title.error"), i18n.tr("msg.unexpected", log=log), f"{kind.__name__}: {exc}")
        except Exception:  # the hook itself must never raise
            previous(kind, exc, tb)

    return hook


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("esgdesk")
    app.setOrganizationName("esgdesk")
    app.setApplicationDisplayName("esgdesk")
    app.setWindowIcon(app_icon())
    return app


def build_window(
    file: Path | str | None,
    *,
    read_only: bool = False,
    settings: AppSettings | None = None,
    dialogs: Dialogs | None = None,
) -> MainWindow:
    settings = settings or AppSettings()
    i18n.translate_qt_dialogs(i18n.set_language(settings.language))
    window = MainWindow(settings, dialogs)
    from esgdesk.gui import office

    office.install(window)  # before the first report opens, so a department's file shows only its sections
    geometry = settings.geometry
    if geometry:
        window.restoreGeometry(geometry)
    if isinstance(file, str):  # a report on a server (`esgdesk postgresql://…?report=…`)
        window.open_server(file, read_only=read_only)
        return window
    path, is_demo = first_file(file, settings)
    if is_demo:
        from esgdesk.core.errors import EsgdeskError

        try:
            path = ensure_demo()
        except EsgdeskError as exc:
            window.dialogs.error(i18n.tr("title.error"), str(exc))
            path = None
    if path is not None:
        window.open_path(path, read_only=read_only)
    return window


class _FirstPaint(QObject):
    """Calls `then` once, as soon as the event loop is back from the first paint of `window`.

    It watches the window alone: a filter on the whole application would see every event of every
    widget, each handed to Python and each event class built by PySide6 on first sight, which cost
    about 17 ms before the first paint.
    """

    def __init__(self, window: QWidget, then: Callable[[], object]) -> None:
        super().__init__(window)
        self._window = window
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


# A window that never paints (started minimised) still gets its findings, a moment later.
CHECK_FALLBACK_MS = 1000


def run_app(file: Path | str | None, read_only: bool = False) -> int:
    app = create_app()
    if not gc.isenabled():  # start_app: no collection until the window is on screen
        # What start-up has imported (modules, classes, functions) lives as long as the process: frozen,
        # no later collection walks it again, the one at exit included (about 25 ms of start-up). Frozen
        # before the first report opens, so that its objects are collected as usual once it is closed.
        gc.freeze()
    with deferred_checks() as waiting:
        window = build_window(file, read_only=read_only)

    def check() -> None:
        gc.enable()  # start_app turned it off until the window is on screen
        window.finish_building()
        for session in waiting:
            session.check_pending()

    previous = sys.excepthook
    sys.excepthook = make_excepthook(window.dialogs, previous)
    from os import environ

    # Installed last, so called first: a smoke run's close is queued before the check, and the run
    # measures the first paint, not the findings that follow it.
    _FirstPaint(window, check)
    QTimer.singleShot(CHECK_FALLBACK_MS, check)
    if environ.get("ESGDESK_SMOKE_EXIT") == "1":
        # Start-up benchmarks and smoke runs: close (cleanly, releasing the report) once the window has painted.
        _FirstPaint(window, window.close)
    try:
        window.show()
        return app.exec()
    finally:
        sys.excepthook = previous
        gc.enable()
