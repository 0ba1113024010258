"""The merge preview: what changes, the conflicts to settle value by value, and what is refused."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from esgdesk.core.errors import EsgdeskError
from esgdesk.core.parser import display
from esgdesk.core.store import Report
from esgdesk.core.values import Value
from esgdesk.core.workflow.merge import Choice, ItemId, MergePreview, MergeResult, apply_merge

KEEP, TAKE = "Keep the master's figure", "Take the file's figure"


class MergeDialog(QDialog):
    def __init__(self, report: Report, preview: MergePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge returned files")
        self.report = report
        self.preview = preview
        self.merge_result: MergeResult | None = None
        self.changes = QTableWidget(len(preview.changes), 5)
        self.changes.setHorizontalHeaderLabels(["Indicator", "Year", "Now", "From the file", "File"])
        for r, i in enumerate(preview.changes):
            for c, text in enumerate([i.key[1] + ("" if i.kind == "value" else f" ({i.kind})"), str(i.key[2]),
                                      self._show(i.master, i.key[1]), self._show(i.new, i.key[1]), i.file.path.name]):
                self.changes.setItem(r, c, QTableWidgetItem(text))
        self.conflicts = QTableWidget(len(preview.conflicts), 6)
        self.conflicts.setHorizontalHeaderLabels(["Indicator", "Issued", "Master now", "File", "From", "Decision"])
        self.choices: dict[ItemId, QComboBox] = {}
        for r, i in enumerate(preview.conflicts):
            for c, text in enumerate([f"{i.key[1]} {i.key[2]}", self._show(i.base, i.key[1]),
                                      self._show(i.master, i.key[1]), self._show(i.new, i.key[1]),
                                      i.file.path.name]):
                self.conflicts.setItem(r, c, QTableWidgetItem(text))
            box = QComboBox()
            box.addItems(["Decide…", KEEP, TAKE])
            box.setAccessibleName(f"decision {i.key[1]}")
            box.currentIndexChanged.connect(self._update)
            self.conflicts.setCellWidget(r, 5, box)
            self.choices[i.id] = box
        self.refused = QListWidget()
        for ref in preview.refused_files + preview.refusals:
            self.refused.addItem(ref.text())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(preview.changes)} change(s) from {len(preview.files)} file(s), "
                                f"{len(preview.submissions)} section submission(s)"))
        layout.addWidget(self.changes, 2)
        layout.addWidget(QLabel(f"{len(preview.conflicts)} conflict(s): the master changed since the file was issued"))
        layout.addWidget(self.conflicts, 1)
        layout.addWidget(QLabel("Refused"))
        layout.addWidget(self.refused, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(900, 640)
        self._update()

    def _show(self, v: Any, indicator: str) -> str:
        if isinstance(v, Value):
            return display(v, self.report.catalogue.indicators[indicator])
        return "" if v is None else str(v)

    def resolutions(self) -> dict[ItemId, Choice]:
        out: dict[ItemId, Choice] = {}
        for key, box in self.choices.items():
            if box.currentText() == KEEP:
                out[key] = "master"
            elif box.currentText() == TAKE:
                out[key] = "file"
        return out

    def decide(self, indicator: str, take_file: bool) -> None:
        for key, box in self.choices.items():
            if key[2] == indicator:
                box.setCurrentText(TAKE if take_file else KEEP)

    def _update(self) -> None:
        open_ = len(self.choices) - len(self.resolutions())
        blocked = bool(self.preview.refused_files) or open_ > 0 or not self.preview.files
        self.merge_button.setEnabled(not blocked)
        if self.preview.refused_files:
            self.message.setText("Some files are refused (see below): merge again without them.")
        elif open_:
            self.message.setText(f"{open_} conflict(s) still need a decision.")
        else:
            self.message.setText("Nothing is written until you press Merge; a backup is taken first.")

    def merge(self) -> None:
        try:
            self.merge_result = apply_merge(self.report, self.preview, self.resolutions())
        except EsgdeskError as exc:
            self.message.setText(exc.message)
            return
        self.accept()
