"""Review of sections by the ESG office: approve, send back with a comment, unlock with a reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from esgdesk.core.errors import EsgdeskError
from esgdesk.core.store import Report
from esgdesk.core.workflow import review
from esgdesk.core.workflow.assignments import section_departments
from esgdesk.gui.dialogs import Dialogs
from esgdesk.gui.i18n import language, tr


class ReviewPanel(QDialog):
    def __init__(
        self, report: Report, dialogs: Dialogs, entity: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("review.title"))
        self.report = report
        self.dialogs = dialogs
        self.entity = entity or report.entity
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [tr("dash.section"), tr("review.departments"), tr("dash.state"), tr("review.by")]
        )
        self.table.setAccessibleName(tr("review.title"))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.approve_button = QPushButton(tr("review.approve"))
        self.send_back_button = QPushButton(tr("review.send_back"))
        self.unlock_button = QPushButton(tr("review.unlock"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.approve_button, self.send_back_button, self.unlock_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.sections = list(report.catalogue.sections)
        self.approve_button.clicked.connect(self.approve)
        self.send_back_button.clicked.connect(self.send_back)
        self.unlock_button.clicked.connect(self.unlock)
        self.resize(760, 520)
        self.reload()

    def reload(self) -> None:
        self.table.setRowCount(len(self.sections))
        lang = language()
        for r, sid in enumerate(self.sections):
            st = self.report.section_state(sid, self.entity)
            names = self.report.catalogue.department_table
            depts = [
                names[d].name.get(lang) if d in names else d for d in sorted(section_departments(self.report, sid))
            ]
            cells = [
                self.report.catalogue.sections[sid].label.get(lang),
                ", ".join(depts),
                tr("state." + st.state),
                st.comment or (f"{st.by} {st.at}" if st.by else ""),
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def select(self, section: str) -> None:
        self.table.selectRow(self.sections.index(section))

    def current(self) -> str | None:
        row = self.table.currentRow()
        return self.sections[row] if 0 <= row < len(self.sections) else None

    def _run(self, action: str) -> None:
        sid = self.current()
        if sid is None:
            self.message.setText(tr("review.choose"))
            return
        label = self.report.catalogue.sections[sid].label.get(language())
        try:
            if action == "approve":
                review.approve(self.report, sid, entity=self.entity)
            elif action == "send_back":
                comment = self.dialogs.ask_text(
                    tr("title.send_back"), tr("msg.send_back_prompt", section=label), multiline=True
                )
                if comment is None:
                    return
                review.send_back(self.report, sid, comment, entity=self.entity)
            else:
                reason = self.dialogs.ask_text(tr("title.unlock"), tr("msg.unlock_prompt", section=label))
                if reason is None:
                    return
                review.unlock(self.report, sid, reason, entity=self.entity)
        except EsgdeskError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(tr("review.done", section=label))
        self.reload()

    def approve(self) -> None:
        self._run("approve")

    def send_back(self) -> None:
        self._run("send_back")

    def unlock(self) -> None:
        self._run("unlock")
