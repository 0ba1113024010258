"""Issuing a collection file: department, entity, deadline, where to write it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from esgdesk.core.errors import EsgdeskError
from esgdesk.core.store import Report
from esgdesk.core.workflow.assignments import departments
from esgdesk.core.workflow.collection import Issued, issue
from esgdesk.gui.dialogs import Dialogs
from esgdesk.gui.i18n import language, tr


class IssueDialog(QDialog):
    def __init__(self, report: Report, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("issue.title"))
        self.report = report
        self.dialogs = dialogs
        self.issued: Issued | None = None
        self.department = QComboBox()
        names = report.catalogue.department_table
        for a in departments(report):
            if a.indicators:
                name = names[a.department].name.get(language()) if a.department in names else a.name
                self.department.addItem(tr("issue.department_item", name=name, n=len(a.indicators)), a.department)
        self.department.setAccessibleName(tr("issue.department"))
        self.entity = QComboBox()
        for e in report.entities.values():
            self.entity.addItem(e.name, e.id)
        self.entity.setAccessibleName(tr("issue.entity"))
        self.has_deadline = QCheckBox(tr("issue.deadline"))
        self.deadline = QDateEdit(QDate.currentDate().addDays(21))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setAccessibleName(tr("issue.deadline"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("job.cancel"))
        buttons.addButton(tr("issue.button"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.issue)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("issue.department"), self.department)
        form.addRow(tr("issue.entity"), self.entity)
        form.addRow(self.has_deadline, self.deadline)
        form.addRow(self.message)
        form.addRow(buttons)

    def issue(self, out: Path | None = None) -> None:
        dep = self.department.currentData()
        ent = self.entity.currentData()
        suggested = self.report.path.with_name(f"{self.report.path.stem}-{dep}-{ent}.esg")
        out = out or self.dialogs.ask_save_path(tr("issue.file"), tr("filter.report"), suggested)
        if out is None:
            return
        deadline = self.deadline.date().toString("yyyy-MM-dd") if self.has_deadline.isChecked() else None
        try:
            self.issued = issue(self.report, dep, out, entity=ent, deadline=deadline, overwrite=out.exists())
        except EsgdeskError as exc:
            self.message.setText(exc.message)
            return
        self.accept()
