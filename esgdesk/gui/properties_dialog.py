"""File → Report Properties: the reporting company's identity and its XBRL names, edited as one undoable step.

The dialog shows what `core.properties.properties` reads and hands back only what changed; the checks are
the core's (`check_property`, `check_identifier`), run as the user types; the change is written by
`set_properties` inside a `PropertiesCommand`, so it is audited and undone like any edit.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from esgdesk.core.errors import EsgdeskError
from esgdesk.gui.i18n import tr
from esgdesk.gui.new_report_wizard import SCHEME_KEYS
from esgdesk.gui.session import ReportSession

TEXT_KEYS = ("company", "company_zh", "identifier", "currency", "xbrl_prefix", "xbrl_namespace")


class PropertiesDialog(QDialog):
    def __init__(self, current: dict[str, str | int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("props.title"))
        self.current = current
        self.edits = {key: QLineEdit(str(current.get(key, ""))) for key in TEXT_KEYS}
        self.scheme = QComboBox()
        from esgdesk.core.identifiers import NAMES

        shown = NAMES.get(str(current.get("scheme", "")), str(current.get("scheme", "")))
        for key in SCHEME_KEYS:
            self.scheme.addItem(tr(f"wiz.scheme_{key or 'guess'}"), key)
        if shown and self.scheme.findData(shown) < 0:  # a scheme URI of the user's own
            self.scheme.addItem(shown, shown)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(shown)))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        form = QFormLayout()
        for key in TEXT_KEYS:
            form.addRow(tr(f"props.{key}"), self.edits[key])
            if key == "identifier":
                form.addRow(tr("wiz.scheme"), self.scheme)
        form.addRow(tr("props.year"), QLabel(str(current.get("year", ""))))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for edit in self.edits.values():
            edit.textChanged.connect(self._check)
        self.scheme.currentIndexChanged.connect(self._check)
        self._check()

    def changes(self) -> dict[str, str]:
        """What the user changed, as `esgdesk properties --set` takes it."""
        out = {k: e.text().strip() for k, e in self.edits.items() if e.text().strip() != str(self.current.get(k, ""))}
        from esgdesk.core.identifiers import NAMES

        scheme = str(self.scheme.currentData() or "")
        if scheme != NAMES.get(str(self.current.get("scheme", "")), str(self.current.get("scheme", ""))):
            out["scheme"] = scheme
            out.setdefault("identifier", self.edits["identifier"].text().strip())
        return out

    def problem_text(self) -> str:
        from esgdesk.core.identifiers import check_identifier
        from esgdesk.core.properties import check_property

        try:
            for key, value in self.changes().items():
                if key == "identifier" and value:
                    check_identifier(value, str(self.scheme.currentData() or "") or None)
                elif key not in ("identifier", "scheme"):
                    check_property(key, value)
        except EsgdeskError as exc:
            return exc.message
        return ""

    def _check(self) -> None:
        text = self.problem_text()
        self.problem.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not text)


class PropertiesCommand(QUndoCommand):
    """One change of the report's properties; undo writes the previous ones back (audited as an undo)."""

    def __init__(self, session: ReportSession, before: dict[str, str], after: dict[str, str]) -> None:
        super().__init__(tr("props.undo_text"))
        self.session = session
        self.before = before
        self.after = after

    def _run(self, values: dict[str, str], why: str | None) -> None:
        from esgdesk.core.properties import set_properties

        try:
            set_properties(self.session.report, values, why=why)
        except EsgdeskError as exc:
            self.setObsolete(True)
            self.session.refused.emit(exc.message)
            return
        self.session.saved.emit(tr("status.saved", file=self.session.report.path.name, what=self.text()))

    def redo(self) -> None:
        self._run(self.after, None)

    def undo(self) -> None:
        self._run(self.before, "undo")
