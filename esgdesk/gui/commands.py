"""Undoable edits. A model's setData only builds a command; pushing it does the write.

Undo writes the old figure back as a new durable change, so the audit log keeps both the
edit and its reversal. A write the core refuses makes the command obsolete (Qt drops it).
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from esgdesk.core.errors import EsgdeskError
from esgdesk.core.values import Key, Value
from esgdesk.gui.i18n import tr
from esgdesk.gui.session import ReportSession

Edit = tuple[Key, Value | None, Value | None]  # key, old, new


def _file(session: ReportSession) -> str:
    return session.report.path.name


class SetValuesCommand(QUndoCommand):
    """One or more figures (a typed cell, a pasted column) written in one transaction."""

    def __init__(self, session: ReportSession, edits: list[Edit], text: str) -> None:
        super().__init__(text)
        self.session = session
        self.edits = edits

    def _run(self, forward: bool) -> None:
        pairs = [(k, new if forward else old) for k, old, new in self.edits]
        try:
            self.session.apply(pairs, why=None if forward else "undo")
        except EsgdeskError as exc:
            self.setObsolete(True)
            self.session.refused.emit(exc.message)
            return
        what = self.text()
        self.session.saved.emit(
            tr("status.saved", file=_file(self.session), what=what) if forward else tr("status.undone", what=what)
        )

    def redo(self) -> None:
        self._run(True)

    def undo(self) -> None:
        self._run(False)


class ExplanationCommand(QUndoCommand):
    def __init__(self, session: ReportSession, key: Key, old: str | None, new: str | None, label: str) -> None:
        super().__init__(tr("cmd.explain", label=label, year=key.year))
        self.session = session
        self.key = key
        self.old = old
        self.new = new
        self.label = label

    def _run(self, text: str | None, forward: bool) -> None:
        try:
            self.session.set_explanation(self.key, text)
        except EsgdeskError as exc:
            self.setObsolete(True)
            self.session.refused.emit(exc.message)
            return
        self.session.saved.emit(
            tr("status.saved_explanation", file=_file(self.session), what=f"{self.label} {self.key.year}")
            if forward
            else tr("status.undone", what=self.text())
        )

    def redo(self) -> None:
        self._run(self.new, True)

    def undo(self) -> None:
        self._run(self.old, False)
