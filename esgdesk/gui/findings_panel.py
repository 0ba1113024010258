"""Open findings of the section or the whole report; a click selects the cell, and a finding
can be explained (the explanation is published with the figure) or acknowledged."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal, SignalInstance
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from esgdesk.core.findings import Finding
from esgdesk.gui import icons
from esgdesk.gui.i18n import language, tr
from esgdesk.gui.session import ReportSession
from esgdesk.gui.table_model import RowsTableModel
from esgdesk.gui.xbrl_check import is_xbrl

AnyIndex = QModelIndex | QPersistentModelIndex
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
_COLUMNS = ("col.severity", "col.indicator", "col.year", "col.message")


class FindingsModel(RowsTableModel):
    COLUMNS = _COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: ReportSession | None = None
        self.section: str | None = None  # None: the whole report
        self.xbrl_only = False  # Arelle's findings alone
        self.sections: set[str] | None = None  # what the whole report means in a restricted view
        self.show_explained = False
        self.items: list[Finding] = []

    def set_session(self, session: ReportSession | None) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self.reload)
            self.session.refreshed.disconnect(self.reload)
            self.session.xbrl_updated.disconnect(self.reload)
        self.session = session
        if session is not None:
            session.changed.connect(self.reload)
            session.refreshed.connect(self.reload)
            session.xbrl_updated.connect(self.reload)
        self.reload()

    def set_scope(self, section: str | None, sections: set[str] | None = None, *, xbrl_only: bool = False) -> None:
        self.section = section
        self.sections = sections
        self.xbrl_only = xbrl_only
        self.reload()

    def reload(self, *_: object) -> None:
        self.beginResetModel()
        self.items = self._collect()
        self.endResetModel()

    def _collect(self) -> list[Finding]:
        s = self.session
        if s is None:
            return []
        found = (
            []
            if self.xbrl_only
            else s.engine.findings(entity=s.entity, section=self.section, include_explained=self.show_explained)
        )
        of = s.report.catalogue.section_of
        for f in self._xbrl():
            in_section = f.indicator in of and of[f.indicator].id == self.section
            if self.xbrl_only or self.section is None or in_section:
                found.append(f)
        if self.section is None and self.sections is not None:
            found = [f for f in found if f.indicator in of and of[f.indicator].id in self.sections]
        return found

    def _xbrl(self, include_explained: bool | None = None) -> list[Finding]:
        s = self.session
        if s is None:
            return []
        shown = self.show_explained if include_explained is None else include_explained
        return [f for f in s.xbrl_findings() if (shown or not f.explained) and f.entity == s.entity]

    def counts(self) -> tuple[int, int]:
        s = self.session
        if s is None:
            return 0, 0
        everything = (
            [] if self.xbrl_only else s.engine.findings(entity=s.entity, section=self.section, include_explained=True)
        )
        of = s.report.catalogue.section_of
        everything += [
            f
            for f in self._xbrl(True)
            if self.xbrl_only or self.section is None or (f.indicator in of and of[f.indicator].id == self.section)
        ]
        explained = sum(1 for f in everything if f.explained)
        return len(everything) - explained, explained

    def rows(self) -> list[Any]:
        return self.items

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.session is None or not 0 <= index.row() < len(self.items):
            return None
        f = self.items[index.row()]
        col = index.column()
        lang = language()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return tr(f"sev.{f.severity.value}") + (f" ({tr('findings.explained')})" if f.explained else "")
            if col == 1:
                ind = self.session.report.catalogue.indicators.get(f.indicator)
                return ind.label.get(lang) if ind else (f.indicator or "XBRL")
            if col == 2:
                return str(f.year)
            return f.text(lang)
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            return f.text(lang)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return icons.status_icon("explained" if f.explained else f.severity.value)
        if role == Qt.ItemDataRole.ForegroundRole and f.explained:
            return QBrush(icons.OK)
        if role == FINDING_ROLE:
            return f
        return None

    def finding(self, row: int) -> Finding | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def row_of(self, finding: Finding) -> int | None:
        return next((n for n, f in enumerate(self.items) if f.id == finding.id), None)


class FindingsPanel(QWidget):
    activated = Signal(object)  # Finding: select its cell
    explain_requested = Signal(object)
    acknowledge_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.scope = QComboBox()
        self.scope.addItems([tr("findings.scope_section"), tr("findings.scope_report"), tr("findings.scope_xbrl")])
        self.show_explained = QCheckBox(tr("findings.show_explained"))
        self.count = QLabel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 110), (1, 220), (2, 56)):
            header.resizeSection(col, width)
        self.explain = QPushButton(tr("findings.explain"))
        self.acknowledge = QPushButton(tr("findings.acknowledge"))
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.show_explained)
        top.addStretch(1)
        top.addWidget(self.count)
        top.addWidget(self.explain)
        top.addWidget(self.acknowledge)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self._section: str | None = None
        self._restricted: set[str] | None = None
        self.scope.currentIndexChanged.connect(self._apply_scope)
        self.show_explained.toggled.connect(self._toggle_explained)
        self.view.clicked.connect(self._on_clicked)
        self.view.activated.connect(self._on_clicked)
        self.explain.clicked.connect(lambda: self._request(self.explain_requested))
        self.acknowledge.clicked.connect(lambda: self._request(self.acknowledge_requested))
        self._remembered: tuple[str, str, int, str] | None = None
        self.model.modelAboutToBeReset.connect(self._remember)
        self.model.modelReset.connect(self._restore)
        self.model.modelReset.connect(self._update_count)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._accessible()
        self._update_buttons()

    def _accessible(self) -> None:
        self.scope.setAccessibleName(tr("acc.scope"))
        self.view.setAccessibleName(tr("acc.findings"))
        self.explain.setAccessibleName(tr("findings.explain"))
        self.acknowledge.setAccessibleName(tr("findings.acknowledge"))
        self.show_explained.setAccessibleName(tr("findings.show_explained"))

    def set_session(self, session: ReportSession | None) -> None:
        self.model.set_session(session)

    def set_section(self, section: str | None) -> None:
        self._section = section
        self._apply_scope()

    def restrict(self, sections: set[str] | None) -> None:
        self._restricted = sections
        self._apply_scope()

    def whole_report(self, on: bool = True) -> None:
        self.scope.setCurrentIndex(1 if on else 0)

    def xbrl_only(self) -> None:
        """Show Arelle's findings alone."""
        self.scope.setCurrentIndex(2)

    def _apply_scope(self, *_: object) -> None:
        index = self.scope.currentIndex()
        self.model.set_scope(None if index >= 1 else self._section, self._restricted, xbrl_only=index == 2)

    def _toggle_explained(self, on: bool) -> None:
        self.model.show_explained = on
        self.model.reload()

    def _remember(self) -> None:
        f = self.current()
        self._remembered = f.id if f is not None else None

    def _restore(self) -> None:
        if self._remembered is None:
            return
        row = next((n for n, f in enumerate(self.model.items) if f.id == self._remembered), None)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))

    def _update_count(self) -> None:
        open_, explained = self.model.counts()
        self.count.setText(tr("findings.count", open=open_, explained=explained))
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        f = self.current()
        writable = self.model.session is not None and not self.model.session.readonly
        self.explain.setEnabled(f is not None and writable and bool(f.indicator))
        # Arelle's findings are settled by correcting or explaining the figure and validating again.
        self.acknowledge.setEnabled(f is not None and writable and bool(f.indicator) and not is_xbrl(f))

    def current(self) -> Finding | None:
        index = self.view.currentIndex()
        return self.model.finding(index.row()) if index.isValid() else None

    def _on_clicked(self, index: QModelIndex) -> None:
        f = self.model.finding(index.row())
        if f is not None:
            self.activated.emit(f)

    def _request(self, signal: SignalInstance) -> None:
        f = self.current()
        if f is not None:
            signal.emit(f)

    def select_finding(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self._on_clicked(index)

    def retranslate(self) -> None:
        self.scope.setItemText(0, tr("findings.scope_section"))
        self.scope.setItemText(1, tr("findings.scope_report"))
        self.scope.setItemText(2, tr("findings.scope_xbrl"))
        self.show_explained.setText(tr("findings.show_explained"))
        self.explain.setText(tr("findings.explain"))
        self.acknowledge.setText(tr("findings.acknowledge"))
        self._accessible()
        self.model.reload()
