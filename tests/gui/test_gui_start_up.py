"""What start-up spares itself: checked on a real start, in a fresh process, with the demo open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.session import ReportSession, deferred_checks
from esgdesk.gui.settings import AppSettings
from tests.stores import tamper_audit

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs

# Counts the modules whose whole source text PySide6's import hook reads, then starts the app,
# which closes itself after its first paint (ESGDESK_SMOKE_EXIT=1).
SCRIPT = """
import atexit, inspect, sys
read = []
plain = inspect.getsource
def counting(obj):
    read.append(getattr(obj, "__name__", "?"))
    return plain(obj)
inspect.getsource = counting
atexit.register(lambda: print("read:", " ".join(sorted(read))))
from esgdesk.cli.main import main
main()
"""


# Lists the widget classes PySide6 has built (it builds each, with all its enums, when first named or
# first needed to wrap an object) once the first paint is done: the smoke run's close comes right after it.
BUILT_BY_FIRST_PAINT = """
import sys
import PySide6.QtCore as core
import PySide6.QtWidgets as widgets
from esgdesk.gui.main_window import MainWindow
plain = MainWindow.closeEvent
def watching(self, event):
    built = [k for module in (core, widgets) for k, v in vars(module).items() if isinstance(v, type)]
    print("built:", " ".join(sorted(built)))
    return plain(self, event)
MainWindow.closeEvent = watching
from esgdesk.cli.main import main
main()
"""


def _start(script: str, report: Path, tmp_path: Path) -> str:
    """What `script` prints, run as the app is started on `report` (closing after its first paint)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ESGDESK_SMOKE_EXIT": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "ESGDESK_LOG_DIR": str(tmp_path / "logs"),
    }
    done = subprocess.run(
        [sys.executable, "-c", script, "open", "--read-only", str(report)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_pyside_reads_the_source_of_no_esgdesk_gui_module(demo_master: Path, tmp_path: Path) -> None:
    read = _start(SCRIPT, demo_master, tmp_path).split("read:")[-1].split()
    assert "PySide6.QtCore" in read  # the hook ran: what follows would otherwise prove nothing
    assert [name for name in read if name.startswith(("esgdesk.gui", "esgdesk.core.catalogue", "typing"))] == []


def test_the_first_paint_builds_no_widget_class_it_does_not_show(demo_master: Path, tmp_path: Path) -> None:
    """Wrapping an object of an unknown class (the form's viewport, say) made PySide6 build every widget
    class it might be, dialogs included, about 9 ms before the first paint; dialogs and the cell editor
    are named only when they are used. The style is never named while painting: its enums alone took
    about 8 ms of the first paint."""
    built = _start(BUILT_BY_FIRST_PAINT, demo_master, tmp_path).split("built:")[-1].split()
    assert {"QMainWindow", "QTableView", "QTreeView", "QDockWidget"} <= set(built)  # the window is there
    unused = {"QColorDialog", "QFileDialog", "QInputDialog", "QMessageBox", "QProgressDialog", "QLineEdit", "QDialog"}
    assert sorted(unused & set(built)) == []
    assert sorted({"QStyle", "QCommonStyle"} & set(built)) == []
    # Qt's translations of its own dialogs are loaded for Chinese only; the test runs in English.
    assert sorted({"QTranslator", "QLibraryInfo"} & set(built)) == []


def _integrity_errors(dialogs: FakeDialogs) -> list[str]:
    return [args[1] for method, args in dialogs.asked if method == "error" and "entry 2 was changed" in args[1]]


def test_a_broken_audit_chain_is_told_on_opening(
    qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, demo_path: Path
) -> None:
    tamper_audit(demo_path)
    window = MainWindow(settings, dialogs)
    qtbot.addWidget(window)
    assert window.open_path(demo_path, read_only=True)
    assert len(_integrity_errors(dialogs)) == 1
    window.close_report()


def _opened_at_start_up(
    qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, path: Path
) -> tuple[MainWindow, list[ReportSession]]:
    """A report with a broken chain opened as the app opens its first one: its checks held back."""
    tamper_audit(path)
    with deferred_checks() as waiting:
        window = MainWindow(settings, dialogs)
        qtbot.addWidget(window)
        assert window.open_path(path, read_only=True)
    return window, waiting


def test_at_start_up_a_broken_chain_is_told_after_the_first_paint_with_the_findings(
    qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, demo_path: Path
) -> None:
    window, waiting = _opened_at_start_up(qtbot, settings, dialogs, demo_path)
    assert _integrity_errors(dialogs) == []  # the first paint does not wait for the chain to be read
    for session in waiting:
        session.check_pending()  # what the app does right after its first paint
    assert len(_integrity_errors(dialogs)) == 1
    window.close_report()


def test_a_report_closed_before_its_check_is_not_told_about(
    qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, demo_path: Path
) -> None:
    window, waiting = _opened_at_start_up(qtbot, settings, dialogs, demo_path)
    window.close_report()
    for session in waiting:
        session.check_pending()
    assert _integrity_errors(dialogs) == []
