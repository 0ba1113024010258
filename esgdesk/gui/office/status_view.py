"""Where each department stands."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from esgdesk.core.store import Report
from esgdesk.core.workflow.status import DepartmentStatus, department_status
from esgdesk.gui.i18n import language, tr

COLUMNS = (
    "dstatus.department",
    "dstatus.entity",
    "dstatus.stage",
    "dstatus.completion",
    "dstatus.submitted",
    "dstatus.approved",
    "dstatus.errors",
    "dstatus.warnings",
    "dstatus.deadline",
    "dstatus.sent_back",
)


class StatusView(QDialog):
    def __init__(self, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("dstatus.title"))
        self.report = report
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setAccessibleName(tr("dstatus.title"))
        QVBoxLayout(self).addWidget(self.table)
        self.rows: list[DepartmentStatus] = []
        self.resize(1000, 480)
        self.reload()

    def reload(self) -> None:
        self.rows = department_status(self.report)
        self.table.setRowCount(len(self.rows))
        names = self.report.catalogue.department_table
        lang = language()
        for r, s in enumerate(self.rows):
            stage = tr("stage." + s.stage)
            cells = [
                names[s.department].name.get(lang) if s.department in names else s.name,
                s.entity,
                tr("dstatus.overdue", stage=stage) if s.overdue else stage,
                f"{s.completion:.0%}",
                f"{s.submitted}/{s.sections}",
                f"{s.approved}/{s.sections}",
                str(s.errors),
                str(s.open_warnings),
                s.deadline or "",
                ", ".join(s.sent_back),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if s.overdue:
                    item.setForeground(QColor("#b00020"))
                self.table.setItem(r, c, item)
