"""The group's entities, the consolidation scope and approach, and the Consolidate button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from esgdesk.core.errors import EsgdeskError
from esgdesk.core.jobs import CancelToken, Progress
from esgdesk.core.store import Report
from esgdesk.core.workflow.consolidation import APPROACHES, ConsolidationResult, approach, consolidate, set_approach
from esgdesk.gui.dialogs import Dialogs
from esgdesk.gui.i18n import tr

Runner = Callable[[Callable[[Progress, CancelToken], object], Callable[[object], None]], None]


class EntitiesDialog(QDialog):
    def __init__(
        self, report: Report, dialogs: Dialogs, run: Runner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("entities.title"))
        self.report = report
        self.dialogs = dialogs
        self.run = run or (lambda job, done: done(job(lambda *a: None, CancelToken())))
        self.consolidation: ConsolidationResult | None = None
        self.approach = QComboBox()
        self.approach.addItem(tr("entities.not_stated"), "")
        for key in APPROACHES:
            self.approach.addItem(tr("approach." + key), key)
        self.approach.setAccessibleName(tr("entities.approach"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [tr("entities.entity"), tr("entities.name"), tr("entities.in_scope"), tr("entities.ownership")]
        )
        self.table.setAccessibleName(tr("entities.title"))
        self.add_button = QPushButton(tr("entities.add"))
        self.consolidate_button = QPushButton(tr("entities.consolidate"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("entities.approach")))
        top.addWidget(self.approach, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.consolidate_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.reload()
        self.approach.currentIndexChanged.connect(self._approach_chosen)
        self.add_button.clicked.connect(self.add_entity)
        self.consolidate_button.clicked.connect(self.consolidate)
        self.resize(720, 460)

    def reload(self) -> None:
        self.approach.blockSignals(True)
        self.approach.setCurrentIndex(max(self.approach.findData(approach(self.report) or ""), 0))
        self.approach.blockSignals(False)
        ents = list(self.report.entities.values())
        self.table.setRowCount(len(ents))
        for r, e in enumerate(ents):
            self.table.setItem(r, 0, QTableWidgetItem(e.id))
            self.table.setItem(
                r, 1, QTableWidgetItem(tr("entities.group", name=e.name) if e.id == self.report.entity else e.name)
            )
            if e.id == self.report.entity:
                continue
            box = QCheckBox()
            box.setChecked(e.in_scope)
            box.toggled.connect(lambda on, eid=e.id: self._update(eid, in_scope=on))
            spin = QDoubleSpinBox()
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setValue(e.ownership * 100)
            spin.editingFinished.connect(lambda eid=e.id, s=spin: self._update(eid, ownership=s.value() / 100))
            self.table.setCellWidget(r, 2, box)
            self.table.setCellWidget(r, 3, spin)

    def _update(self, entity: str, **kw: object) -> None:
        try:
            self.report.update_entity(entity, **kw)  # type: ignore[arg-type]
        except EsgdeskError as exc:
            self.message.setText(exc.message)

    def _approach_chosen(self) -> None:
        key = self.approach.currentData()
        if key:
            try:
                set_approach(self.report, key)
            except EsgdeskError as exc:
                self.message.setText(exc.message)

    def add_entity(self) -> None:
        eid = self.dialogs.ask_text(tr("entities.add"), tr("entities.add_id"))
        if not eid:
            return
        name = self.dialogs.ask_text(tr("entities.add"), tr("entities.add_name")) or eid
        try:
            self.report.add_entity(eid.strip(), name.strip(), parent=self.report.entity)
        except EsgdeskError as exc:
            self.message.setText(exc.message)
            return
        self.reload()

    def consolidate(self) -> None:
        def job(progress: Progress, cancel: CancelToken) -> object:
            return consolidate(self.report, progress=progress, cancel=cancel)

        def done(outcome: object) -> None:
            if isinstance(outcome, EsgdeskError):
                self.message.setText(outcome.message)
                return
            if isinstance(outcome, ConsolidationResult):
                self.consolidation = outcome
                self.message.setText(
                    tr(
                        "entities.result",
                        written=outcome.written,
                        entities=len(outcome.entities),
                        not_consolidable=len(outcome.not_consolidable),
                    )
                )

        try:
            self.run(job, done)
        except EsgdeskError as exc:
            self.message.setText(exc.message)
