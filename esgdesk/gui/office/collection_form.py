"""A department's form for its collection file: this year's figures beside last year's, with
explanations, and a Submit button per section."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from esgdesk.core.display import display
from esgdesk.core.errors import EsgdeskError
from esgdesk.core.store import Report
from esgdesk.core.workflow.collection import claims_of
from esgdesk.core.workflow.review import submit
from esgdesk.gui.i18n import language, tr

COL_LABEL, COL_UNIT, COL_PRIOR, COL_VALUE, COL_EXPLANATION = range(5)


class CollectionForm(QWidget):
    saved = Signal(str)

    def __init__(self, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.claims = claims_of(report)
        self._loading = False
        lang = language()
        dept = report.catalogue.department_table.get(self.claims.department)
        self.heading = QLabel(
            tr(
                "collection.heading",
                department=dept.name.get(lang) if dept else self.claims.department_name,
                company=report.meta.company,
                year=report.year,
            )
            + (tr("collection.due", deadline=self.claims.deadline) if self.claims.deadline else "")
        )
        sections = report.catalogue.sections
        self.comments = QLabel(
            "\n".join(
                f"{sections[s].label.get(lang) if s in sections else s}: {c}" for s, c in self.claims.comments.items()
            )
        )
        self.comments.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [tr("col.indicator"), tr("col.unit"), str(report.prior_year), str(report.year), tr("col.explanation")]
        )
        self.table.setAccessibleName(tr("acc.collection"))
        self.section = QComboBox()
        self.submit_button = QPushButton(tr("collection.submit"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("message")
        row = QHBoxLayout()
        row.addWidget(self.section, 1)
        row.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.comments)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        for s in self.claims.sections:
            self.section.addItem(report.catalogue.sections[s].label.get(lang), s)
        self.rows: list[str] = []
        self.reload()
        self.table.itemChanged.connect(self._edited)
        self.submit_button.clicked.connect(self.submit_current)

    def reload(self) -> None:
        self._loading = True
        rep, cat = self.report, self.report.catalogue
        self.rows = [
            i
            for s in self.claims.sections
            for i in (x.id for x in cat.sections[s].indicators)
            if i in self.claims.indicators
        ]
        self.table.setRowCount(len(self.rows))
        for r, ind_id in enumerate(self.rows):
            ind = cat.indicators[ind_id]
            prior = rep.get(ind_id, rep.prior_year)
            now = rep.get(ind_id)
            expl = rep.explanation(ind_id)
            section_state = rep.section_state(cat.section_of[ind_id].id).state
            editable = not ind.computed and section_state == "draft"
            lang = language()
            unit = cat.unit_table.get(ind.unit)
            cells = [
                ind.label.get(lang),
                unit.label.get(lang) if unit else ind.unit,
                display(prior, ind, lang=lang) if prior else "",
                display(now, ind, lang=lang) if now else "",
                expl.text if expl else "",
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if editable and c in (COL_VALUE, COL_EXPLANATION):
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if c == COL_LABEL and ind.instructions:
                    item.setToolTip(ind.instructions.get(lang))
                self.table.setItem(r, c, item)
        self._loading = False

    def row_of(self, indicator: str) -> int:
        return self.rows.index(indicator)

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        ind = self.rows[item.row()]
        try:
            if item.column() == COL_VALUE:
                change = self.report.set_text(ind, item.text(), why="entered in the collection form")
                label = self.report.catalogue.indicators[ind].label.get(language())
                text = tr("collection.saved" if change.new else "collection.cleared", label=label)
            elif item.column() == COL_EXPLANATION:
                self.report.set_explanation(ind, item.text())
                text = tr("collection.explained", label=self.report.catalogue.indicators[ind].label.get(language()))
            else:
                return
        except EsgdeskError as exc:
            self.message.setText(exc.message)
            self.reload()
            return
        self.message.setText(text)
        self.saved.emit(text)

    def submit_current(self) -> bool:
        section = self.section.currentData()
        try:
            submit(self.report, section)
        except EsgdeskError as exc:
            self.message.setText(exc.message)
            return False
        self.message.setText(tr("collection.submitted", section=self.section.currentText()))
        self.reload()
        return True
