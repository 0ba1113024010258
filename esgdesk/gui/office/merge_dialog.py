"""The merge preview: what changes, the conflicts to settle value by value, and what is refused."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from esgdesk.core.display import display
from esgdesk.core.errors import EsgdeskError
from esgdesk.core.store import Report
from esgdesk.core.values import Value
from esgdesk.core.workflow.merge import Choice, ItemId, MergePreview, MergeResult, apply_merge
from esgdesk.gui.i18n import language, tr

KEEP, TAKE = "master", "file"  # the data of the decision boxes: what `apply_merge` takes


class MergeDialog(QDialog):
    def __init__(self, report: Report, preview: MergePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("merge.title"))
        self.report = report
        self.preview = preview
        self.merge_result: MergeResult | None = None
        self.changes = QTableWidget(len(preview.changes), 5)
        self.changes.setHorizontalHeaderLabels(
            [tr("col.indicator"), tr("col.year"), tr("merge.now"), tr("merge.from_file"), tr("merge.file")]
        )
        for r, i in enumerate(preview.changes):
            for c, text in enumerate(
                [
                    self._label(i.key[1]) + ("" if i.kind == "value" else f" ({i.kind})"),
                    str(i.key[2]),
                    self._show(i.master, i.key[1]),
                    self._show(i.new, i.key[1]),
                    i.file.path.name,
                ]
            ):
                self.changes.setItem(r, c, QTableWidgetItem(text))
        self.conflicts = QTableWidget(len(preview.conflicts), 6)
        self.conflicts.setHorizontalHeaderLabels(
            [
                tr("col.indicator"),
                tr("merge.issued"),
                tr("merge.master_now"),
                tr("merge.from_file"),
                tr("merge.file"),
                tr("merge.decision"),
            ]
        )
        self.choices: dict[ItemId, QComboBox] = {}
        for r, i in enumerate(preview.conflicts):
            for c, text in enumerate(
                [
                    f"{self._label(i.key[1])} {i.key[2]}",
                    self._show(i.base, i.key[1]),
                    self._show(i.master, i.key[1]),
                    self._show(i.new, i.key[1]),
                    i.file.path.name,
                ]
            ):
                self.conflicts.setItem(r, c, QTableWidgetItem(text))
            box = QComboBox()
            box.addItem(tr("merge.decide"), "")
            box.addItem(tr("merge.keep"), KEEP)
            box.addItem(tr("merge.take"), TAKE)
            box.setAccessibleName(tr("acc.decision", indicator=self._label(i.key[1])))
            box.currentIndexChanged.connect(self._update)
            self.conflicts.setCellWidget(r, 5, box)
            self.choices[i.id] = box
        for table in (self.changes, self.conflicts):
            table.verticalHeader().setVisible(False)
            table.setWordWrap(False)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.refused = QListWidget()
        for ref in preview.refused_files + preview.refusals:
            self.refused.addItem(ref.text())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("job.cancel"))
        self.merge_button = self.buttons.addButton(tr("merge.button"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr(
                    "merge.summary",
                    changes=len(preview.changes),
                    files=len(preview.files),
                    submissions=len(preview.submissions),
                )
            )
        )
        layout.addWidget(self.changes, 2)
        if preview.attachments:  # evidence the departments attached, brought in with the figures
            layout.addWidget(
                QLabel(
                    tr(
                        "merge.attachments",
                        n=len(preview.attachments),
                        names=", ".join(i.attachment.name for i in preview.attachments[:6])
                        + (" …" if len(preview.attachments) > 6 else ""),
                    )
                )
            )
        layout.addWidget(QLabel(tr("merge.conflicts", n=len(preview.conflicts))))
        layout.addWidget(self.conflicts, 1)
        layout.addWidget(QLabel(tr("merge.refused")))
        layout.addWidget(self.refused, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(900, 640)
        self._update()

    def _label(self, indicator: str) -> str:
        ind = self.report.catalogue.indicators.get(indicator)
        return ind.label.get(language()) if ind else indicator

    def _show(self, v: Any, indicator: str) -> str:
        if isinstance(v, Value):
            return display(v, self.report.catalogue.indicators[indicator], lang=language())
        return "" if v is None else str(v)

    def resolutions(self) -> dict[ItemId, Choice]:
        out: dict[ItemId, Choice] = {}
        for key, box in self.choices.items():
            if box.currentData() == KEEP:
                out[key] = "master"
            elif box.currentData() == TAKE:
                out[key] = "file"
        return out

    def decide(self, indicator: str, take_file: bool) -> None:
        for key, box in self.choices.items():
            if key[2] == indicator:
                box.setCurrentIndex(box.findData(TAKE if take_file else KEEP))

    def _update(self) -> None:
        open_ = len(self.choices) - len(self.resolutions())
        blocked = bool(self.preview.refused_files) or open_ > 0 or not self.preview.files
        self.merge_button.setEnabled(not blocked)
        if self.preview.refused_files:
            self.message.setText(tr("merge.refused_files"))
        elif open_:
            self.message.setText(tr("merge.open", n=open_))
        else:
            self.message.setText(tr("merge.ready"))

    def merge(self) -> None:
        try:
            self.merge_result = apply_merge(self.report, self.preview, self.resolutions())
        except EsgdeskError as exc:
            self.message.setText(exc.message)
            return
        self.accept()
