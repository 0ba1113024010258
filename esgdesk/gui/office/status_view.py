"""Where each department stands."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from esgdesk.core.store import Report
from esgdesk.core.workflow.status import DepartmentStatus, department_status

COLUMNS = ["Department", "Entity", "Stage", "Completion", "Submitted", "Approved", "Errors", "Open warnings",
           "Deadline", "Sent back"]


class StatusView(QDialog):
    def __init__(self, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Department status")
        self.report = report
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        QVBoxLayout(self).addWidget(self.table)
        self.rows: list[DepartmentStatus] = []
        self.resize(1000, 480)
        self.reload()

    def reload(self) -> None:
        self.rows = department_status(self.report)
        self.table.setRowCount(len(self.rows))
        for r, s in enumerate(self.rows):
            cells = [s.name, s.entity, s.stage + (" (overdue)" if s.overdue else ""), f"{s.completion:.0%}",
                     f"{s.submitted}/{s.sections}", f"{s.approved}/{s.sections}", str(s.errors),
                     str(s.open_warnings), s.deadline or "", ", ".join(s.sent_back)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if s.overdue:
                    item.setForeground(QColor("#b00020"))
                self.table.setItem(r, c, item)
