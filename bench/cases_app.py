"""What a user waits for in the app itself: start-up, opening a report, switching forms, one edit, memory.

Start-up and memory are measured on fresh processes (`esgdesk open FILE` with the window closing
right after its first paint, `ESGDESK_SMOKE_EXIT=1`), the same way as a bare PySide6 window that
shows a QTableView: the difference is what esgdesk itself adds.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import (
    Row,
    copy_report,
    failed,
    main_size,
    paired,
    scaling_size,
    shared_group_report,
    wanted,
)

ROWS = ("startup", "startup_floor", "open", "section_switch", "durable_edit", "peak_memory")

# The bare window: the least any Qt table app must do before its first paint, then exit the same way.
# Both watch their window for its first paint, not the whole application: an application-wide filter
# hands every event of every widget to Python and adds about 17 ms to whichever side has it.
BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            QTimer.singleShot(0, window.close)
        return False

app = QApplication(sys.argv)
model = QStandardItemModel(40, 7)
for r in range(40):
    for c in range(7):
        model.setItem(r, c, QStandardItem(f"{r}.{c}"))
window = QMainWindow()
view = QTableView()
view.setModel(model)
window.setCentralWidget(view)
window.resize(1200, 800)
window.installEventFilter(FirstPaint(window))
window.show()
sys.exit(app.exec())
"""

# The same bare window with its table model written in Python, as any app's is that shows its own
# data: what PySide6 itself charges such an app before the app does anything of its own. A Python
# `headerData` is handed a `Qt.Orientation`, so PySide6 builds the whole `Qt` namespace (93 enums,
# about 1,200 members) on the first paint: no window with a Python model escapes it.
PYTHON_MODEL_WINDOW = BARE_WINDOW.replace(
    "from PySide6.QtGui import QStandardItem, QStandardItemModel\n",
    "from PySide6.QtCore import QAbstractTableModel, Qt\n",
).replace(
    """model = QStandardItemModel(40, 7)
for r in range(40):
    for c in range(7):
        model.setItem(r, c, QStandardItem(f"{r}.{c}"))
""",
    """class Model(QAbstractTableModel):
    def rowCount(self, parent=None):
        return 40
    def columnCount(self, parent=None):
        return 7
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row()}.{index.column()}"
        return None
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None
model = Model()
""",
)
if "class Model(QAbstractTableModel)" not in PYTHON_MODEL_WINDOW:
    raise RuntimeError("the bare window's model lines changed: update PYTHON_MODEL_WINDOW")


def run(quick: bool) -> list[Row]:
    rows: list[Row] = []
    steps: list[tuple[tuple[str, ...], Callable[[bool], list[Row]]]] = [
        (("startup", "startup_floor", "peak_memory"), _startup_rows),
        (("open",), open_report),
        (("section_switch",), section_switch),
        (("durable_edit",), durable_edit),
    ]
    for names, step in steps:
        todo = [n for n in names if wanted(n)]
        if not todo:
            continue
        try:
            rows.extend(r for r in step(quick) if r.name in todo)
        except Exception as exc:  # one failing row must not take the others with it
            rows.extend(failed(n, exc, "MiB" if n == "peak_memory" else "seconds") for n in todo)
    return rows


def _startup_rows(quick: bool) -> list[Row]:
    size = scaling_size()
    return startup_and_memory(quick, None if size is None else shared_group_report(size))


@contextmanager
def _workdir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="esgdesk-bench-app-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- start-up and peak memory -------------------------------------------------------------------


# The offscreen platform's own screen is 800 x 800, smaller than either window: the app's restored
# geometry was shrunk to fit it (798 x 774) while the bare window kept its 1200 x 800. Both now start on
# a common desktop's screen, each at its own size.
SCREEN = {"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "dpr": 1}]}


def _child_env(home: Path) -> dict[str, str]:
    """Offscreen on a 1920 x 1080 screen, and with settings, logs and recent files kept out of the user's own."""
    home.mkdir(parents=True, exist_ok=True)
    screen = home / "screen.json"
    screen.write_text(json.dumps(SCREEN), encoding="utf-8")
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
        ESGDESK_SMOKE_EXIT="1",
        ESGDESK_USER="bench",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        ESGDESK_LOG_DIR=str(home / "logs"),
    )
    # The warm-up run writes Python's bytecode cache for both sides, as a user's second start finds it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(cmd: list[str], env: dict[str, str], *, timeout: float = 120.0) -> tuple[float, float]:
    """Wall time from launch to exit, and the peak resident memory (MiB) of that one process."""
    if not hasattr(os, "wait4"):
        raise RuntimeError("measuring a child's peak memory needs os.wait4 (Linux or macOS)")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = t0 + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            raise RuntimeError(
                f"{' '.join(cmd[-3:])} did not exit within {timeout:.0f} s of starting "
                "(does it honour ESGDESK_SMOKE_EXIT=1?)"
            )
        time.sleep(0.002)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        last = err.strip().splitlines()[-1] if err.strip() else "no message"
        raise RuntimeError(f"exit code {proc.returncode}: {last}")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    maxrss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return elapsed, maxrss


def app_command(report: Path) -> list[str]:
    return [sys.executable, "-m", "esgdesk", "open", str(report)]


def bare_command() -> list[str]:
    return [sys.executable, "-c", BARE_WINDOW]


def python_model_command() -> list[str]:
    return [sys.executable, "-c", PYTHON_MODEL_WINDOW]


def demo_report(folder: Path) -> Path:
    from esgdesk.core.demo import write_demo

    return write_demo(folder / "luster-2023.esg")


def startup_and_memory(quick: bool, report: Path | None = None) -> list[Row]:
    """`report` defaults to the demo; the scaling run passes group reports of each size.

    With the demo, the window with a Python model is timed in the same runs too (`startup_floor`).
    """
    repeat = 3 if quick else 9
    with _workdir() as folder:
        path = report if report is not None else demo_report(folder)
        env = _child_env(folder)
        commands = {"ours": app_command(path), "bare": bare_command()}
        if report is None:
            commands["floor"] = python_model_command()
        for cmd in commands.values():  # warm the file cache and Python's bytecode cache for all alike
            run_child(cmd, env)
        times: dict[str, list[float]] = {who: [] for who in commands}
        rss: dict[str, list[float]] = {who: [] for who in commands}
        for _ in range(repeat):
            for who, cmd in commands.items():
                t, m = run_child(cmd, env)
                times[who].append(t)
                rss[who].append(m)
    what = "the demo" if report is None else report.name
    rows = [
        Row(
            "startup",
            statistics.median(times["ours"]),
            statistics.median(times["bare"]),
            note=f"launch to exit after the first paint, {what} open; bare: PySide6 QTableView window",
        ),
        Row(
            "peak_memory",
            statistics.median(rss["ours"]),
            statistics.median(rss["bare"]),
            unit="MiB",
            note=f"peak RSS of that process, {what} open",
        ),
    ]
    if "floor" in times:
        rows.insert(
            1,
            Row(
                "startup_floor",
                statistics.median(times["floor"]),
                statistics.median(times["bare"]),
                note="the bare window with its model in Python (rowCount, columnCount, data, headerData), "
                "same runs: what PySide6 charges any window showing a Python model",
            ),
        )
    return rows


# -- opening a report ---------------------------------------------------------------------------

VALUE_ROWS = (
    "SELECT entity, indicator, year, status, qualifier, entered, entered_unit, num, low, high, text, "
    "decimals, reason, detection_limit FROM vals"
)


def bare_read(path: Path) -> dict[tuple[str, str, int], tuple[Any, ...]]:
    """The same rows, read by bare sqlite3 into a dictionary by key: the least an app could do."""
    db = sqlite3.connect(str(path))
    try:
        return {(r[0], r[1], r[2]): r[3:] for r in db.execute(VALUE_ROWS)}
    finally:
        db.close()


def open_report(quick: bool) -> list[Row]:
    from esgdesk.core.store import Report

    entities = main_size(quick)
    source = shared_group_report(entities)

    def ours() -> None:
        Report.open(source).close()

    row = paired("open", ours, lambda: bare_read(source), repeat=5 if quick else 15)
    row.note = (
        f"Report.open of a {entities}-entity group ({_count(source):,} values): file and header checked, "
        "rows read; figures built and audit chain checked on first use; bare: sqlite3 rows into a dict"
    )
    return [row]


def _count(path: Path) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM vals").fetchone()[0])
    finally:
        db.close()


# -- one durable edit -----------------------------------------------------------------------------


def durable_edit(quick: bool) -> list[Row]:
    from esgdesk.core.catalogue import DataType
    from esgdesk.core.store import Report

    entities = main_size(quick)
    with _workdir() as folder:
        ours_path = copy_report(shared_group_report(entities), folder / "ours.esg")
        bare_path = copy_report(ours_path, folder / "bare.esg")
        rep = Report.open(ours_path)
        try:
            ind = next(
                i
                for i in rep.catalogue.ordered_indicators()
                if i.type == DataType.DECIMAL and not i.computed and i.breakdown is None and i.yoy is None
            )
            entity = next(e for e in rep.entities if e != rep.entity)
            texts = iter(f"{1000 + n}.5" for n in range(10_000))
            db = sqlite3.connect(str(bare_path), isolation_level=None)
            db.execute("PRAGMA journal_mode = DELETE")
            db.execute("PRAGMA synchronous = FULL")
            cols = "status, qualifier, entered, entered_unit, num, decimals, updated_at, updated_by, source"
            numbers = iter(range(10_000))

            def ours() -> None:
                rep.set_text(ind.id, next(texts), entity=entity, why="bench")

            def bare() -> None:
                n = next(numbers)
                db.execute("BEGIN IMMEDIATE")
                db.execute(
                    f"INSERT OR REPLACE INTO vals (entity, indicator, year, {cols}) "
                    "VALUES (?, ?, ?, 'reported', '', ?, NULL, ?, 1, '2024-01-01T00:00:00Z', 'bench', 'app')",
                    (entity, ind.id, rep.year, f"{1000 + n}.5", 1000.5 + n),
                )
                db.execute("COMMIT")

            try:
                row = paired("durable_edit", ours, bare, repeat=5 if quick else 25)
            finally:
                db.close()
        finally:
            rep.close()
    row.note = (
        "Report.set_text: parse, guard, value + audit entry, COMMIT with synchronous=FULL; "
        "bare: one-row sqlite3 transaction, same pragmas, same file"
    )
    return [row]


# -- switching the form to the largest section --------------------------------------------------


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["bench"])


def _fill_reporting_entity(rep: Any) -> None:
    """The synthetic group holds figures only for its subsidiaries: give the group the first one's,
    so that the form shows real figures rather than empty cells."""
    from esgdesk.core.values import Change, Key

    donor = next(e for e in rep.entities if e != rep.entity)
    changes = [
        Change(Key(rep.entity, k[1], k[2]), None, v, None, "bench")
        for k, v in list(rep.value_map().items())
        if k[0] == donor and not rep.catalogue.indicators[k[1]].computed
    ]
    rep.apply(changes, batch_source="bench")


def section_switch(quick: bool) -> list[Row]:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    from esgdesk.core.store import Report
    from esgdesk.gui.dialogs import Dialogs
    from esgdesk.gui.form_model import Col, FormModel
    from esgdesk.gui.form_view import FormView
    from esgdesk.gui.session import ReportSession

    app = _app()
    entities = main_size(quick)
    with _workdir() as folder:
        path = copy_report(shared_group_report(entities), folder / "form.esg")
        rep = Report.open(path)
        _fill_reporting_entity(rep)
        session = ReportSession(rep)
        try:
            sections = sorted(rep.catalogue.sections.values(), key=lambda s: len(s.indicators))
            largest, other = sections[-1].id, sections[0].id
            model = FormModel(session)
            view = FormView(Dialogs())
            view.setModel(model)
            view.resize(1200, 800)
            view.show()
            app.processEvents()

            # What the form shows in the largest section, as plain strings: the baseline's rows.
            model.set_section(largest)
            shown = [
                tuple(str(model.index(r, c).data() or "") for c in range(len(Col))) for r in range(model.rowCount())
            ]
            headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(len(Col))]

            class ListModel(QAbstractTableModel):
                def __init__(self) -> None:
                    super().__init__()
                    self.rows: list[tuple[str, ...]] = []

                def set_rows(self, rows: list[tuple[str, ...]]) -> None:
                    self.beginResetModel()
                    self.rows = rows
                    self.endResetModel()

                def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
                    return 0 if parent.isValid() else len(self.rows)

                def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
                    return 0 if parent.isValid() else len(headers)

                def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
                    if role == Qt.ItemDataRole.DisplayRole and index.isValid():
                        return self.rows[index.row()][index.column()]
                    return None

                def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
                    if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
                        return headers[section]
                    return None

            plain = ListModel()
            bare_view = QTableView()
            bare_view.setModel(plain)
            bare_view.resize(1200, 800)
            bare_view.show()
            app.processEvents()
            few = shown[:1]

            def away() -> None:  # not timed: each timed switch starts from another section
                model.set_section(other)
                plain.set_rows(few)
                view.viewport().repaint()
                bare_view.viewport().repaint()
                app.processEvents()

            def ours() -> None:
                model.set_section(largest)
                view.viewport().repaint()

            def bare() -> None:
                plain.set_rows(shown)
                bare_view.viewport().repaint()

            row = paired("section_switch", ours, bare, repeat=5 if quick else 25, setup=away)
            view.close()
            bare_view.close()
            view.deleteLater()
            bare_view.deleteLater()
            app.processEvents()
        finally:
            session.close()
    row.note = (
        f"FormModel.set_section to '{largest}' ({len(shown)} rows) and its repaint; "
        "bare: QTableView over a list of the same strings"
    )
    return [row]
