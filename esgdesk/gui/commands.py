"""Undoable edits. A model's setData only builds a command; pushing it does the write.

Undo writes the old figure back as a new durable change, so the audit log keeps both the
edit and its reversal. A write the core refuses makes the command obsolete (Qt drops it);
a write the disk refuses is handed to the window as a `FailedWrite`, so that the same edit
can be made again in a copy of the file saved elsewhere; an edit of a figure someone else changed
first (a report on a server) is handed to the window as a conflict, to keep theirs or make it again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from esgdesk.core.errors import Conflict, EsgdeskError, WriteError
from esgdesk.core.findings import Finding
from esgdesk.core.values import Key, Value
from esgdesk.gui.i18n import tr
from esgdesk.gui.session import FailedWrite, ReportSession

Edit = tuple[Key, Value | None, Value | None]  # key, old, new


def _file(session: ReportSession) -> str:
    return session.report.path.name


def _fail(
    command: QUndoCommand, session: ReportSession, exc: EsgdeskError, again: Callable[[ReportSession], None]
) -> None:
    command.setObsolete(True)
    if isinstance(exc, WriteError):
        session.write_failed.emit(FailedWrite(exc.message, exc.where or "", again))
    elif isinstance(exc, Conflict):
        session.conflicted.emit((exc, again))
    else:
        session.refused.emit(exc.message)


class _ForwardBack(QUndoCommand):
    """A command whose redo and undo are one step run forwards or backwards, announced alike."""

    session: ReportSession

    def _run(self, forward: bool) -> None:
        raise NotImplementedError

    def _announce(self, forward: bool) -> None:
        what = self.text()
        self.session.saved.emit(
            tr("status.saved", file=_file(self.session), what=what) if forward else tr("status.undone", what=what)
        )

    def redo(self) -> None:
        self._run(True)

    def undo(self) -> None:
        self._run(False)


class SetValuesCommand(_ForwardBack):
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
            edits = self.edits if forward else [(k, new, old) for k, old, new in self.edits]
            text = self.text()
            _fail(self, self.session, exc, lambda s: s.undo_stack.push(SetValuesCommand(s, edits, text)))
            return
        self._announce(forward)


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
            key, label, before = self.key, self.label, self.new if not forward else self.old
            _fail(self, self.session, exc, lambda s: s.undo_stack.push(ExplanationCommand(s, key, before, text, label)))
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


class AcknowledgeCommand(_ForwardBack):
    """Acknowledge a finding (it stays listed as explained); undo withdraws the acknowledgement."""

    def __init__(self, session: ReportSession, finding: Finding, note: str | None, label: str) -> None:
        super().__init__(tr("cmd.ack", label=label, year=finding.year))
        self.session = session
        self.finding = finding
        self.note = note
        self.label = label

    def _run(self, forward: bool) -> None:
        try:
            if forward:
                self.session.acknowledge(self.finding, self.note)
            else:
                self.session.withdraw_ack(self.finding)
        except EsgdeskError as exc:
            finding, note, label = self.finding, self.note, self.label

            def again(s: ReportSession) -> None:
                if forward:
                    s.undo_stack.push(AcknowledgeCommand(s, finding, note, label))
                else:
                    s.withdraw_ack(finding)

            _fail(self, self.session, exc, again)
            return
        self._announce(forward)
