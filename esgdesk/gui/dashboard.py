"""The ESG office's overview: completion per section and per department, open findings by
severity, and section states."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from esgdesk.core.catalogue import Severity
from esgdesk.gui import icons
from esgdesk.gui.charts import BarChart
from esgdesk.gui.completion import SectionStats, all_section_stats, department_totals, severity_counts
from esgdesk.gui.i18n import language, tr
from esgdesk.gui.session import ReportSession
from esgdesk.gui.table_model import RowsTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
_COLUMNS = ("dash.section", "dash.department", "dash.filled", "dash.errors", "dash.warnings", "dash.state")
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1


class CompletionModel(RowsTableModel):
    COLUMNS = _COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: ReportSession | None = None
        self.stats: list[SectionStats] = []

    def set_stats(self, session: ReportSession | None, stats: list[SectionStats]) -> None:
        self.beginResetModel()
        self.session = session
        self.stats = stats
        self.endResetModel()

    def rows(self) -> list[Any]:
        return self.stats

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.session is None or not 0 <= index.row() < len(self.stats):
            return None
        st = self.stats[index.row()]
        cat = self.session.report.catalogue
        col = index.column()
        lang = language()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return cat.sections[st.section].label.get(lang)
            if col == 1:
                dept = cat.department_table.get(st.owner)
                return dept.name.get(lang) if dept else st.owner
            if col == 2:
                return f"{st.filled} / {st.total}"
            if col == 3:
                return str(st.errors) if st.errors else ""
            if col == 4:
                return str(st.warnings) if st.warnings else ""
            return tr(f"state.{st.state}")
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 3 and st.errors:
                return QBrush(icons.ERROR)
            if col == 4 and st.warnings:
                return QBrush(icons.WARNING)
            if col == 5:
                return QBrush(icons.STATE.get(st.state, icons.STATE["draft"]))
            if col == 2 and st.filled >= st.total:
                return QBrush(icons.OK)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SECTION_ROLE:
            return st.section
        return None


def _tile(title: str, value: str, colour: Any) -> tuple[QFrame, QLabel, QLabel]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    head = QLabel(title)
    number = QLabel(value)
    font = number.font()
    font.setPointSizeF(font.pointSizeF() * 2.0)
    font.setBold(True)
    number.setFont(font)
    number.setStyleSheet(f"color: {colour.name()}")
    lay = QVBoxLayout(frame)
    lay.addWidget(head)
    lay.addWidget(number)
    return frame, head, number


class Dashboard(QWidget):
    section_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: ReportSession | None = None
        self.visible_sections: set[str] | None = None
        self._dirty = True
        self.overall = QLabel()
        font = self.overall.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.overall.setFont(font)
        self.tiles: dict[str, tuple[QFrame, QLabel, QLabel]] = {
            "error": _tile("", "0", icons.ERROR),
            "warning": _tile("", "0", icons.WARNING),
            "info": _tile("", "0", icons.INFO),
            "draft": _tile("", "0", icons.STATE["draft"]),
            "submitted": _tile("", "0", icons.STATE["submitted"]),
            "approved": _tile("", "0", icons.STATE["approved"]),
        }
        self.findings_box = QGroupBox()
        fl = QHBoxLayout(self.findings_box)
        for k in ("error", "warning", "info"):
            fl.addWidget(self.tiles[k][0])
        self.states_box = QGroupBox()
        sl = QHBoxLayout(self.states_box)
        for k in ("draft", "submitted", "approved"):
            sl.addWidget(self.tiles[k][0])
        self.departments_box = QGroupBox()
        self.department_chart = BarChart()
        dl = QVBoxLayout(self.departments_box)
        dl.addWidget(self.department_chart)
        dl.addStretch(1)
        self.sections_box = QGroupBox()
        self.model = CompletionModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in range(2, len(_COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._open_section)
        self.table.activated.connect(self._open_section)
        tl = QVBoxLayout(self.sections_box)
        tl.addWidget(self.table)
        grid = QGridLayout(self)
        grid.addWidget(self.overall, 0, 0, 1, 2)
        grid.addWidget(self.findings_box, 1, 0)
        grid.addWidget(self.states_box, 1, 1)
        grid.addWidget(self.sections_box, 2, 0)
        grid.addWidget(self.departments_box, 2, 1)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.retranslate()

    def set_session(self, session: ReportSession | None, visible: set[str] | None = None) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._mark_dirty)
            self.session.refreshed.disconnect(self._mark_dirty)
        self.session = session
        self.visible_sections = visible
        if session is not None:
            session.changed.connect(self._mark_dirty)
            session.refreshed.connect(self._mark_dirty)
        self._mark_dirty()

    def _mark_dirty(self, *_: object) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        s = self.session
        if s is None:
            self.model.set_stats(None, [])
            self.department_chart.set_bars([])
            self.overall.setText(tr("status.no_report"))
            return
        sections = sorted(self.visible_sections) if self.visible_sections is not None else None
        stats = all_section_stats(s.report, s.engine, sections)
        self.model.set_stats(s, stats)
        filled = sum(st.filled for st in stats)
        total = sum(st.total for st in stats)
        pct = round(100 * filled / total) if total else 100
        self.overall.setText(
            f"{s.report.meta.company} · {s.year} — {tr('dash.overall', filled=filled, total=total, pct=pct)}"
        )
        wanted = {st.section for st in stats}
        of = s.report.catalogue.section_of
        findings = [f for f in s.engine.findings(entity=s.entity, year=s.year) if of[f.indicator].id in wanted]
        counts = severity_counts(findings)
        for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            self.tiles[sev.value][2].setText(str(counts[sev]))
        for state in ("draft", "submitted", "approved"):
            self.tiles[state][2].setText(str(sum(1 for st in stats if st.state == state)))
        lang = language()
        cat = s.report.catalogue
        bars = []
        for dept, done, tot in department_totals(s.report, stats):
            name = cat.department_table[dept].name.get(lang)
            bars.append((name, done / tot if tot else 1.0, f"{done}/{tot}"))
        self.department_chart.set_bars(bars)

    def _open_section(self, index: QModelIndex) -> None:
        sid = index.data(SECTION_ROLE)
        if sid:
            self.section_chosen.emit(str(sid))

    def retranslate(self) -> None:
        self.findings_box.setTitle(tr("dash.findings"))
        self.states_box.setTitle(tr("dash.states"))
        self.departments_box.setTitle(tr("dash.completion_departments"))
        self.sections_box.setTitle(tr("dash.completion_sections"))
        for sev in ("error", "warning", "info"):
            self.tiles[sev][1].setText(tr(f"sev.{sev}"))
        for state in ("draft", "submitted", "approved"):
            self.tiles[state][1].setText(tr(f"state.{state}"))
        self.table.setAccessibleName(tr("acc.dashboard"))
        self.department_chart.setAccessibleName(tr("dash.completion_departments"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_COLUMNS) - 1)
        self._mark_dirty()
