"""View → Framework Index: the guideline's topic index or GRI's content index of the open report, live.

Rows and statuses are the core's (`esgdesk.core.indexes.build_index`), fed with the session's computed
figures, and rebuilt whenever a figure changes, so the window shows what the workbook and the Inline
XBRL page will print. Double-clicking a row goes to the figure that discloses it, or to the first item
that would.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from esgdesk.core.catalogue import GRI
from esgdesk.core.indexes import FrameworkIndex, IndexRow, IndexStatus, available, build_index
from esgdesk.gui.i18n import language, tr
from esgdesk.gui.session import ReportSession

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("reference", "topic", "level", "status", "where")
_STATUS_COLOUR = {
    IndexStatus.DISCLOSED: QColor("#2a6f4e"),
    IndexStatus.NOT_APPLICABLE: QColor("#666666"),
    IndexStatus.NOT_DISCLOSED: QColor("#a5421a"),
}
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's IndexRow


class IndexModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index_data: FrameworkIndex | None = None
        self.labels: dict[str, str] = {}

    def set_index(self, index: FrameworkIndex, labels: dict[str, str]) -> None:
        self.beginResetModel()
        self.index_data = index
        self.labels = labels
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() or self.index_data is None else len(self.index_data.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(f"index.col_{COLUMNS[section]}")
        return None

    def row(self, n: int) -> IndexRow:
        assert self.index_data is not None
        return self.index_data.rows[n]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.index_data is None:
            return None
        row = self.index_data.rows[index.row()]
        key = COLUMNS[index.column()]
        lang = language()
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "reference":
                return row.reference.get(lang) + ("" if row.confirmed else " *")
            if key == "topic":
                return row.title.get(lang)
            if key == "level":
                return (
                    ""
                    if self.index_data.framework == GRI
                    else tr(f"index.{'required' if row.required else 'encouraged'}")
                )
            if key == "status":
                text = row.status_text(lang)
                return f"{text}: {'; '.join(row.reasons)}" if row.reasons else text
            return "; ".join(w.get(lang) for w in row.where)
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = [self.labels.get(i, i) for i in row.indicators]
            tip = "\n".join(shown) if shown else tr("index.nothing")
            return tip if row.confirmed else f"{tip}\n{tr('index.unconfirmed')}"
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            return QBrush(_STATUS_COLOUR[row.status])
        if role == ROW_ROLE:
            return row
        return None


class IndexWindow(QDialog):
    """Not modal: it stays open beside the form and follows every edit."""

    def __init__(
        self, session: ReportSession, go_to: Callable[[str, int], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("index.title"))
        self.session = session
        self.go_to = go_to  # (indicator id, year) -> bool: the main window's select_cell
        self.framework = QComboBox()
        cat = session.report.catalogue
        for name in available(cat):
            title = cat.framework_table[name].short.get(language()) if name in cat.framework_table else "GRI"
            self.framework.addItem(title, name)
        self.framework.setCurrentIndex(max(0, self.framework.findData(cat.index_names[0])))
        self.model = IndexModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for n, key in enumerate(COLUMNS):
            # the topic and the place share what is left; the short columns fit their text
            fit = (
                QHeaderView.ResizeMode.Stretch if key in ("topic", "where") else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(n, fit)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._go)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("index.framework")))
        top.addWidget(self.framework, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.resize(900, 560)
        self.framework.currentIndexChanged.connect(lambda _n: self.refresh())
        session.changed.connect(lambda _keys: self.refresh())
        session.refreshed.connect(self.refresh)
        self._stale = True  # built when shown

    @property
    def current(self) -> FrameworkIndex | None:
        return self.model.index_data

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Rebuild the rows; while the window is closed, only note that they are out of date (an edit
        should not pay for an index nobody looks at)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        s = self.session
        if s.report is None or self.framework.currentData() is None:
            return
        index = build_index(s.report, self.framework.currentData(), computed=s.engine.computed_map())
        lang = language()
        labels = {i: s.report.catalogue.indicators[i].label.get(lang) for r in index.rows for i in r.indicators}
        self.model.set_index(index, labels)
        counts = index.counts()
        text = tr(
            "index.summary",
            disclosed=counts[IndexStatus.DISCLOSED],
            na=counts[IndexStatus.NOT_APPLICABLE],
            missing=counts[IndexStatus.NOT_DISCLOSED],
            year=index.year,
        )
        if any(not r.confirmed for r in index.rows):
            text += "  " + tr("index.unconfirmed")
        self.summary.setText(text)

    def _go(self, index: QModelIndex) -> None:
        row: IndexRow = self.model.data(index, ROW_ROLE)
        for ind in (*row.indicators, *row.items):
            if self.go_to(ind, self.session.report.year):
                return
