"""Restating a figure of a published year in the app: the dialog's question and the undoable command.

Typing over a published figure does not edit it: the restatement dialog asks why, and the figure is
restated (the published value, the reason, who and when are kept). Undo puts back the figure and
the restatement as they were; the audit log keeps both steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from esgdesk.core.catalogue import Indicator
from esgdesk.core.display import display
from esgdesk.core.errors import EsgdeskError
from esgdesk.core.values import Change, Key, Value
from esgdesk.gui.commands import _fail, _file
from esgdesk.gui.dialogs import Dialogs
from esgdesk.gui.i18n import language, tr
from esgdesk.gui.session import ReportSession

if TYPE_CHECKING:
    from esgdesk.core.restatements import Restatement


def ask_reason(dialogs: Dialogs, ind: Indicator, year: int, old: Value | None, new: Value) -> str | None:
    """The restatement dialog: the published and the new figure, and a reason that must be given."""
    lang = language()
    prompt = tr(
        "restate.prompt",
        label=ind.label.get(lang),
        year=year,
        old=display(old, ind, lang=lang) if old is not None else "—",
        new=display(new, ind, lang=lang),
        unit=ind.unit,
    )
    reason = dialogs.ask_text(tr("restate.title", year=year), prompt, multiline=True)
    return reason.strip() if reason and reason.strip() else None


class RestateCommand(QUndoCommand):
    """Restate one published figure; undo withdraws the restatement (a new durable change)."""

    def __init__(self, session: ReportSession, key: Key, new: Value, reason: str, label: str) -> None:
        super().__init__(tr("cmd.restate", label=label, year=key.year))
        self.session = session
        self.key = key
        self.new = new
        self.reason = reason
        self.label = label
        self._done: tuple[Change, Restatement | None] | None = None

    def redo(self) -> None:
        k = self.key
        try:
            self._done = self.session.report.restate(
                k.indicator, self.new, year=k.year, reason=self.reason, entity=k.entity
            )
        except EsgdeskError as exc:
            key, new, reason, label = self.key, self.new, self.reason, self.label
            _fail(self, self.session, exc, lambda s: s.undo_stack.push(RestateCommand(s, key, new, reason, label)))
            return
        self.session.saved.emit(tr("status.saved", file=_file(self.session), what=self.text()))

    def undo(self) -> None:
        if self._done is None:
            return
        change, before = self._done
        try:
            self.session.report.withdraw_restatement(change, before)
        except EsgdeskError as exc:
            _fail(self, self.session, exc, lambda s: None)
            return
        self.session.saved.emit(tr("status.undone", what=self.text()))
