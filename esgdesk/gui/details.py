"""The selected indicator: definition, GRI disclosure, owner, history from the audit log,
its explanation, and a chart of its values over the years held in the file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from esgdesk.core.audit import AuditEntry
from esgdesk.core.catalogue import DataType, Indicator
from esgdesk.core.display import display
from esgdesk.core.history import base_change
from esgdesk.core.values import Value
from esgdesk.gui.charts import YearChart
from esgdesk.gui.evidence_panel import EvidencePanel
from esgdesk.gui.i18n import language, tr
from esgdesk.gui.session import ReportSession

AnyIndex = QModelIndex | QPersistentModelIndex
# Old and New right after what changed, so a narrow pane shows them; who and why are in the tooltip too.
_HIST_COLUMNS = ("hist.when", "hist.what", "hist.old", "hist.new", "hist.who", "hist.why")
_HIST_WHEN, _HIST_WHAT, _HIST_OLD, _HIST_NEW, _HIST_WHO, _HIST_WHY = range(6)
_HIST_MAX_CHARS = 22  # a column sized to its contents stops here; the tooltip has the rest


class HistoryModel(QAbstractTableModel):
    """Audit entries of one indicator, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[AuditEntry] = []
        self.indicator: Indicator | None = None

    def set_entries(self, indicator: Indicator | None, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self.indicator = indicator
        self.entries = list(reversed(entries))
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HIST_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HIST_COLUMNS)
        ):
            return tr(_HIST_COLUMNS[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def _show(self, raw: Any, field: str) -> str:
        if raw is None:
            return ""
        if field == "value" and isinstance(raw, dict) and self.indicator is not None:
            try:
                return display(Value.from_dict(raw), self.indicator, lang=language())
            except (ValueError, KeyError, TypeError):
                return str(raw)
        if field == "restatement" and isinstance(raw, dict):
            return str(raw.get("reason") or "")
        if field == "attachment" and isinstance(raw, dict):
            return str(raw.get("name") or "")
        if isinstance(raw, dict):
            return ", ".join(f"{k}: {v}" for k, v in raw.items() if v not in (None, ""))
        return str(raw)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (_HIST_OLD, _HIST_NEW):
            e = self.entries[index.row()]
            if e.field == "value":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.cell(index.row(), index.column())

    def tooltip(self, row: int) -> str:
        """The whole entry, since the pane is narrow: when and who, what, old and new in full, why."""
        e = self.entries[row]
        lines = [f"{e.at.replace('T', ' ').removesuffix('Z')} · {e.user}", self.cell(row, _HIST_WHAT)]
        for col in (_HIST_OLD, _HIST_NEW, _HIST_WHY):
            text = self.cell(row, col)
            if text:
                lines.append(f"{tr(_HIST_COLUMNS[col])}: {text}")
        return "\n".join(lines)

    def cell(self, row: int, col: int) -> str:
        e = self.entries[row]
        if col == _HIST_WHEN:
            return e.at[:10]  # the day; the tooltip has the time
        if col == _HIST_WHO:
            return e.user
        if col == _HIST_WHAT:
            if e.field == "value":
                return tr("hist.value", year=e.year)
            if e.field == "explanation":
                return tr("hist.explanation", year=e.year)
            if e.field == "ack":
                return tr("hist.ack")
            if e.field in ("restatement", "attachment"):
                return tr(f"hist.{e.field}", year=e.year)
            return e.field
        if col == _HIST_OLD:
            if e.field == "restatement" and isinstance(e.new, dict):  # the value as published
                return self._show(e.new.get("previous"), "value")
            return self._show(e.old, e.field)
        if col == _HIST_NEW:
            return self._show(e.new, e.field)
        return e.why or (e.source if e.source not in ("app", "") else "")


class DetailsPane(QWidget):
    explanation_saved = Signal(str, str)  # indicator id, text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: ReportSession | None = None
        self.indicator_id = ""
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.gri = QLabel()
        self.gri.setWordWrap(True)
        self.owner = QLabel()
        self.owner.setWordWrap(True)
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        # where the template corrects what a published report printed (the catalogue's `note`)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("catalogueNote")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._labels = [QLabel(), QLabel(), QLabel()]
        self.form.addRow(self._labels[0], self.definition)
        self.form.addRow(self._labels[1], self.gri)
        self.form.addRow(self._labels[2], self.owner)
        self.form.addRow(self.formula)
        self.form.addRow(self.note)
        self.chart_title = QLabel()
        self.chart = YearChart()
        self.base_line = QLabel()  # the change against the indicator's base year, where one is set
        self.explanation_title = QLabel()
        self.explanation = QPlainTextEdit()
        self.explanation.setMaximumHeight(80)
        self.save_explanation = QPushButton()
        self.history_title = QLabel()
        self.history_model = HistoryModel(self)
        self.history = QTableView()
        self.history.setModel(self.history_model)
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setWordWrap(False)
        self.history.setTextElideMode(Qt.TextElideMode.ElideRight)
        # The chart is read at a glance; the history needs rows: it gets the height the chart does not.
        self.chart.setMinimumHeight(130)
        self.chart.setMaximumHeight(200)
        self.history.setMinimumHeight(150)
        hh = self.history.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        self.history_model.modelReset.connect(self._fit_history)
        # On a short screen the pane scrolls rather than squeezing its parts into each other.
        inner = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.chart_title)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.base_line)
        layout.addWidget(self.explanation_title)
        layout.addWidget(self.explanation)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_explanation)
        layout.addLayout(row)
        self.evidence = EvidencePanel()
        layout.addWidget(self.evidence)
        layout.addWidget(self.history_title)
        layout.addWidget(self.history, 3)
        self.save_explanation.clicked.connect(self._save)
        self.explanation.textChanged.connect(self._update_save)
        self.retranslate()

    def set_session(self, session: ReportSession | None) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
            self.session.refreshed.disconnect(self.refresh)
        self.session = session
        if session is not None:
            session.changed.connect(self._on_changed)
            session.refreshed.connect(self.refresh)
        self.show_indicator("")

    def _on_changed(self, keys: set[tuple[str, str, int]]) -> None:
        if self.indicator_id and any(k[1] == self.indicator_id for k in keys):
            self.refresh()

    def show_indicator(self, indicator_id: str) -> None:
        self.indicator_id = indicator_id if self.session is not None else ""
        self.refresh()

    def refresh(self) -> None:
        s = self.session
        has = bool(s is not None and self.indicator_id)
        for w in (
            self.chart,
            self.chart_title,
            self.explanation,
            self.explanation_title,
            self.save_explanation,
            self.history,
            self.history_title,
        ):
            w.setVisible(has)
        for lbl in self._labels:
            lbl.setVisible(has)
        for w in (self.definition, self.gri, self.owner, self.formula, self.note):
            w.setVisible(has)
        self.evidence.setVisible(has)
        self.evidence.show_indicator(s, self.indicator_id)
        if s is None or not self.indicator_id:
            self.base_line.setVisible(False)
            self.title.setText(tr("details.none"))
            self.history_model.set_entries(None, [])
            return
        lang = language()
        cat = s.report.catalogue
        ind = cat.indicators[self.indicator_id]
        self.title.setText(ind.label.get(lang))
        self.definition.setText(ind.definition.get(lang))
        titles = {e.disclosure: (e.title_zh if lang == "zh" and e.title_zh else e.title) for e in cat.gri_index}
        self.gri.setText(
            "\n".join(
                f"GRI {g.code}{(' ' + g.paragraph) if g.paragraph else ''}"
                + (f" — {titles[g.code]}" if g.code in titles else "")
                for g in ind.gri
            )
            or "—"
        )
        owner = cat.owner_of(ind.id)
        dept = cat.department_table.get(owner)
        self.owner.setText(dept.name.get(lang) if dept else owner)
        self.formula.setText(tr("details.computed", formula=ind.formula) if ind.formula else "")
        self.formula.setVisible(bool(ind.formula))
        self.note.setText(tr("details.note", note=ind.note.get(lang)) if ind.note else "")
        self.note.setVisible(ind.note is not None)
        unit = cat.unit_table.get(ind.unit)
        numeric = ind.type.numeric
        self.chart.setVisible(numeric)
        self.chart_title.setVisible(numeric)
        if numeric:
            years = s.report.years()
            self.chart.set_series(
                [(y, s.number(ind.id, y)) for y in years],
                current_year=s.year,
                unit=unit.label.get(lang) if unit and ind.type != DataType.PERCENT else "%",
                decimals=ind.decimals,
                empty_text=tr("details.no_values"),
            )
        bc = base_change(
            s.report,
            ind.id,
            s.number(ind.id, s.year),
            entity=s.entity,
            base_number=s.number(ind.id, b) if (b := s.report.base_year(ind.id)) is not None else None,
        )
        self.base_line.setVisible(bc is not None and bc.change is not None)
        if bc is not None and bc.change is not None:
            self.base_line.setText(
                tr("details.base_change", base=bc.base_year, year=bc.year, change=f"{bc.change * 100:+.1f}%")
            )
        expl = s.report.explanation(ind.id, s.year, s.entity)
        self.explanation.blockSignals(True)
        self.explanation.setPlainText(expl.text if expl else "")
        self.explanation.blockSignals(False)
        self.explanation.setReadOnly(s.readonly)
        self._update_save()
        self.history_model.set_entries(
            ind,
            [
                e
                for e in s.report.audit_log(indicator=ind.id)
                if e.field in ("value", "explanation", "ack", "restatement", "attachment")
            ],
        )

    def _fit_history(self) -> None:
        """Old and New as wide as their contents (up to a bound), so figures are read whole."""
        self.history.resizeColumnsToContents()
        hh = self.history.horizontalHeader()
        cap = _HIST_MAX_CHARS * self.history.fontMetrics().averageCharWidth()
        for col in range(len(_HIST_COLUMNS) - 1):
            hh.resizeSection(col, min(hh.sectionSize(col), cap))

    def _update_save(self) -> None:
        s = self.session
        if s is None or not self.indicator_id or s.readonly:
            self.save_explanation.setEnabled(False)
            return
        expl = s.report.explanation(self.indicator_id, s.year, s.entity)
        self.save_explanation.setEnabled(self.explanation.toPlainText().strip() != (expl.text if expl else ""))

    def _save(self) -> None:
        if self.indicator_id:
            self.explanation_saved.emit(self.indicator_id, self.explanation.toPlainText())

    def retranslate(self) -> None:
        for lbl, key in zip(self._labels, ("details.definition", "details.gri", "details.owner"), strict=True):
            lbl.setText(tr(key) + ":")
        year = self.session.year if self.session else ""
        self.chart_title.setText(tr("details.chart"))
        self.explanation_title.setText(tr("details.explanation", year=year))
        self.save_explanation.setText(tr("details.save_explanation"))
        self.history_title.setText(tr("details.history"))
        self.history.setAccessibleName(tr("acc.history"))
        self.chart.setAccessibleName(tr("acc.chart"))
        self.explanation.setAccessibleName(tr("acc.explanation"))
        self.save_explanation.setAccessibleName(tr("details.save_explanation"))
        self.evidence.retranslate()
        self.history_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_HIST_COLUMNS) - 1)
        self.refresh()
