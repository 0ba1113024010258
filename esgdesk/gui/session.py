"""One open report in the app: the core `Report`, its validation `Engine` and the undo stack.

The core calls its listeners in whatever thread wrote; the session re-emits them as a Qt
signal, so the engine is re-checked and the views are updated in the GUI thread only.

At start-up the first report's rules may wait until the window has painted (`deferred_checks`):
its figures, computed ones included, are there for the first paint, and the findings follow a
moment later through `refreshed`, as after any full re-check. What waits for that check with them
(the window's warning about a broken audit chain) asks `when_checked`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QLocale, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QUndoStack

from esgdesk.core.catalogue import Indicator, topological_formulas
from esgdesk.core.display import display, format_number
from esgdesk.core.findings import Finding
from esgdesk.core.formulas import figure
from esgdesk.core.store import Report
from esgdesk.core.validation import Engine
from esgdesk.core.values import Change, Key, Value

ValueKey = tuple[str, str, int]


@dataclass(frozen=True, slots=True)
class FailedWrite:
    """A write the disk refused (full, read-only), kept so it can be made again in a copy of the file."""

    message: str
    where: str
    again: Callable[[ReportSession], None]  # the same edit, pushed on another session's undo stack


POLL_MS = 1000  # how often an open server report takes in other people's edits
PROBE_FIRST_S, PROBE_MAX_S = 1.0, 10.0  # while the server is away: first wait between tries, and the longest


class _ServerProbe(QRunnable):
    """Tries, off the GUI thread, until the server answers again, waiting longer between tries: a host that
    does not answer at all holds each try for the connection timeout, which must not freeze the window."""

    def __init__(self, url: Any, answered: Callable[[], None], stop: threading.Event) -> None:
        super().__init__()
        self._url, self._answered, self._stop = url, answered, stop

    def run(self) -> None:
        from esgdesk.core.errors import EsgdeskError
        from esgdesk.core.store.server import connect

        wait = PROBE_FIRST_S
        while not self._stop.wait(wait):
            try:
                connect.connect(self._url).close()
            except EsgdeskError:
                wait = min(wait * 2, PROBE_MAX_S)
                continue
            if not self._stop.is_set():
                self._answered()  # a signal: delivered in the GUI thread
            return


_deferring: list[ReportSession] | None = None  # sessions whose full check waits, inside `deferred_checks`


@contextmanager
def deferred_checks() -> Iterator[list[ReportSession]]:
    """Sessions made inside compute their figures at once and leave the rules until `check_pending`."""
    global _deferring
    outer, _deferring = _deferring, []
    try:
        yield _deferring
    finally:
        _deferring = outer


class ReportSession(QObject):
    changed = Signal(object)  # set[ValueKey]: figures, computed results or findings that may differ
    refreshed = Signal()  # anything may differ (explanations by another writer, section states)
    saved = Signal(str)  # a status line: what was written, and where
    refused = Signal(str)  # an edit the core would not take, in plain words
    write_failed = Signal(object)  # FailedWrite: the disk refused; the user may save a copy elsewhere
    catalogue_changed = Signal()  # the report's own catalogue was edited or replaced
    conflicted = Signal(object)  # (Conflict, again): someone else changed the figure first; `again` redoes the edit
    xbrl_updated = Signal()  # Arelle's findings were set, or cleared because figures changed since
    _core_changed = Signal(object)
    _server_answered = Signal()

    def __init__(self, report: Report, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.engine = Engine(report)
        self._pending = _deferring is not None  # the rules wait for `check_pending`
        self._after_check: list[Callable[[], object]] = []
        self._closed = False
        if self._pending:
            assert _deferring is not None
            self._compute_formulas()
            _deferring.append(self)
        else:
            self.engine.run_all()
        self.undo_stack = QUndoStack(self)
        self._xbrl: list[Finding] | None = None  # None: not validated since the figures last changed
        self.own_indicators: set[str] | None = None  # a department's file: the figures it may change
        self._own_write = False
        self._core_changed.connect(self._on_core_changed)
        self._unsubscribe = report.subscribe(self._core_changed.emit)
        # A report on a server: other people's edits, announced by the server, are taken in every second.
        self._poll: Callable[[], object] | None = getattr(report, "poll", None)
        self._server_down = False
        self._probe_stop = threading.Event()
        self._notes_told = len(report.notes)
        if self._poll is not None:
            self._poll_timer = QTimer(self)
            self._poll_timer.setInterval(POLL_MS)
            self._poll_timer.timeout.connect(self._take_in_others)
            self._poll_timer.start()
            self._server_answered.connect(self._server_back)

    def _take_in_others(self) -> None:
        from esgdesk.core.errors import EsgdeskError

        if self._poll is None or self._closed:
            return
        try:
            self._poll()  # the report tells its listeners, so the views follow as for an own edit
        except EsgdeskError as exc:  # the server is away: say so once, and wait for it off the GUI thread
            if not self._server_down:
                self._server_down = True
                self.refused.emit(
                    f"{exc.message}: the figures shown may be out of date; esgdesk reconnects "
                    "as soon as the server answers"
                )
            self._poll_timer.stop()
            self._probe_stop = threading.Event()
            QThreadPool.globalInstance().start(
                _ServerProbe(getattr(self.report, "url", None), self._server_answered.emit, self._probe_stop)
            )
            return
        was_down, self._server_down = self._server_down, False
        if len(self.report.notes) > self._notes_told:  # e.g. the connection was lost and made again
            self._notes_told = len(self.report.notes)
            self.saved.emit(self.report.notes[-1])
        elif was_down:
            self.saved.emit("the server answers again; the figures shown are up to date")

    def _server_back(self) -> None:
        if self._closed:
            return
        self._poll_timer.start()
        self._take_in_others()  # connects again now (the server answered), takes in what was missed, says so

    def _compute_formulas(self) -> None:
        """The computed figures alone, in an order where every input comes before what reads it."""
        ctx, computed = self.engine.ctx, self.engine.computed_map()
        formulas = topological_formulas(self.report.catalogue)
        for entity in self.report.entities:
            for year in self.report.years():
                for ind in formulas:
                    result = ctx.evaluate_formula(ind, entity, year)
                    if result is not None:
                        computed[(entity, ind.id, year)] = result

    @property
    def pending(self) -> bool:
        """Whether the findings are still to come (the first report, until the window has painted)."""
        return self._pending

    def check_pending(self) -> None:
        """Run the full check that `deferred_checks` held back, and tell the views."""
        if not self._pending or self._closed:
            return
        self._pending = False
        self.engine.run_all()
        self.refreshed.emit()
        waiting, self._after_check = self._after_check, []
        for then in waiting:
            then()

    def when_checked(self, then: Callable[[], object]) -> None:
        """Call `then` now, or after the full check that `deferred_checks` held back (never once closed)."""
        if self._pending:
            self._after_check.append(then)
        else:
            then()

    # -- reading ---------------------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.report.year

    @property
    def entity(self) -> str:
        return self.report.entity

    @property
    def readonly(self) -> bool:
        return self.report.readonly

    def indicator(self, indicator_id: str) -> Indicator:
        return self.report.catalogue.indicators[indicator_id]

    def figure(self, indicator_id: str, year: int) -> tuple[Value | None, float | None]:
        """The stored value and, for a computed indicator, the engine's result."""
        ind = self.indicator(indicator_id)
        stored = self.report.get(indicator_id, year, self.entity)
        computed = self.engine.computed(indicator_id, year, self.entity) if ind.computed else None
        return stored, computed

    def number(self, indicator_id: str, year: int) -> float | None:
        """By the precedence of `esgdesk.core.formulas`: the typed figure, else the formula's result."""
        return figure(*self.figure(indicator_id, year))

    def display(self, indicator_id: str, year: int, lang: str = "en") -> str:
        ind = self.indicator(indicator_id)
        stored, computed = self.figure(indicator_id, year)
        if stored is None and computed is not None:
            text = format_number(computed, ind.decimals)
            return text + "%" if ind.type.value == "percent" else text
        return display(stored, ind, lang=lang)

    @property
    def xbrl_validated(self) -> bool:
        return self._xbrl is not None

    def xbrl_findings(self) -> list[Finding]:
        """Arelle's findings of the last validation; explained where the figure has an explanation."""
        out = []
        for f in self._xbrl or []:
            explained = bool(f.indicator) and self.report.explanation(f.indicator, f.year, f.entity) is not None
            out.append(replace(f, explained=explained) if explained != f.explained else f)
        return out

    def set_xbrl_findings(self, findings: list[Finding] | None) -> None:
        self._xbrl = list(findings) if findings is not None else None
        self.xbrl_updated.emit()

    def findings_for(self, indicator_id: str, year: int | None = None) -> list[Finding]:
        return self.engine.findings_for(indicator_id, year or self.year, self.entity)

    # -- writing (each call is one durable transaction in the core) ------------------------
    def parse(self, indicator_id: str, text: str) -> Value | None:
        # People type numbers as their system writes them: "3,5" means 3.5 where the locale says so.
        decimal_comma = QLocale().decimalPoint() == ","
        return self.report.parse(indicator_id, text, decimal_comma=decimal_comma)

    def check(self, key: Key, new: Value | None) -> None:
        """Raise the core's refusal for a change without writing it."""
        self.report.guard(Change(key, self.report.get(key.indicator, key.year, key.entity), new))

    def apply(self, edits: Iterable[tuple[Key, Value | None]], *, why: str | None = None) -> None:
        changes = [Change(k, None, v, why, "app") for k, v in edits]
        self.report.apply(changes)

    def set_explanation(self, key: Key, text: str | None) -> None:
        self._own_write = True
        try:
            self.report.set_explanation(key.indicator, text, year=key.year, entity=key.entity)
        finally:
            self._own_write = False
        vk = (key.entity, key.indicator, key.year)
        self.changed.emit(self.engine.recheck([vk]) | {vk})

    def acknowledge(self, finding: Finding, note: str | None) -> None:
        self._own_write = True
        try:
            self.report.acknowledge(finding.indicator, finding.rule, note, year=finding.year, entity=finding.entity)
        finally:
            self._own_write = False
        self.changed.emit(self.engine.recheck([finding.key]) | {finding.key})

    def withdraw_ack(self, finding: Finding) -> None:
        self._own_write = True
        try:
            self.report.withdraw_ack(finding.indicator, finding.rule, year=finding.year, entity=finding.entity)
        finally:
            self._own_write = False
        self.changed.emit(self.engine.recheck([finding.key]) | {finding.key})

    def review(self, action: str, section_id: str, text: str = "") -> None:
        """Submit, approve, send back or unlock a section: one path for each, the workflow's rules."""
        from esgdesk.core.workflow import review

        if action == "submit":
            review.submit(self.report, section_id)
        elif action == "approve":
            review.approve(self.report, section_id)
        elif action == "send_back":
            review.send_back(self.report, section_id, text)
        elif action == "unlock":
            review.unlock(self.report, section_id, text)
        else:
            raise ValueError(f"unknown review action {action!r}")

    def close(self) -> None:
        self._closed = True
        if self._poll is not None:
            self._poll_timer.stop()
            self._probe_stop.set()
        self._unsubscribe()
        self.undo_stack.clear()
        self.report.close()

    # -- the core's notifications -----------------------------------------------------------
    def _on_core_changed(self, changes: list[Change]) -> None:
        if self.engine.catalogue is not self.report.catalogue:
            # The ESG office changed the catalogue: other indicators, rules and sections to show.
            self.engine = Engine(self.report)
            self.engine.run_all()
            self._pending = False
            self.catalogue_changed.emit()
            self.refreshed.emit()
            return
        if changes:
            keys = {(c.key.entity, c.key.indicator, c.key.year) for c in changes}
            if self._xbrl is not None:
                self.set_xbrl_findings(None)  # they describe figures that are no longer there
            self.changed.emit(self.engine.recheck(keys) | keys)
        elif not self._own_write:
            self._pending = False
            self.engine.run_all()
            self.refreshed.emit()
