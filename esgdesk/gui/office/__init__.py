"""The ESG office's dialogs and the department's view of a collection file, hooked into the main window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction

from esgdesk.core.errors import EsgdeskError
from esgdesk.core.jobs import CancelToken, Progress
from esgdesk.core.workflow import guards
from esgdesk.core.workflow.collection import claims_of, is_collection

if TYPE_CHECKING:
    from esgdesk.gui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add the ESG office menu, and show a collection file restricted to its department's sections."""
    office = _Office(window)
    window.report_opened.connect(office.opened)
    window.office = office  # type: ignore[attr-defined]  # keep it alive with the window


class _Office:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        acts = []
        for text, slot in (("Issue collection file…", self.issue), ("Merge returned files…", self.merge),
                           ("Review sections…", self.review), ("Department status…", self.status),
                           ("Entities and consolidation…", self.entities),
                           ("Submit this section to the ESG office", self.submit)):
            act = QAction(text, window)
            act.triggered.connect(slot)
            acts.append(act)
        self.actions = acts
        window.add_menu_actions("ESG office", acts)

    def report(self) -> Any:
        s = self.window.session
        return s.report if s is not None else None

    def opened(self, session: Any) -> None:
        rep = session.report
        guards.install(rep)
        collection = is_collection(rep)
        self.window.set_visible_sections(claims_of(rep).sections if collection else None)
        for act in self.actions[:5]:
            act.setEnabled(not collection)
        self.actions[5].setEnabled(collection)

    def _error(self, exc: EsgdeskError) -> None:
        self.window.dialogs.error("esgdesk", exc.message)

    def issue(self) -> None:
        from esgdesk.gui.office.issue_dialog import IssueDialog

        if self.report() is not None:
            IssueDialog(self.report(), self.window.dialogs, self.window).exec()

    def merge(self) -> None:
        from esgdesk.core.workflow.merge import preview_merge
        from esgdesk.gui.office.merge_dialog import MergeDialog
        from esgdesk.gui.workers import run_job

        rep = self.report()
        if rep is None:
            return
        paths: list[Path] = []
        while True:
            p = self.window.dialogs.ask_open_path(
                "Returned file" + (f" ({len(paths)} chosen; cancel when done)" if paths else ""),
                "esgdesk report (*.esg)")
            if p is None:
                break
            paths.append(p)
        if not paths:
            return

        def job(progress: Progress, cancel: CancelToken) -> object:
            return preview_merge(rep, paths, progress=progress, cancel=cancel)

        handle = run_job(job, "Checking the returned files", self.window)
        self.window.jobs.append(handle)
        handle.finished.connect(lambda preview: MergeDialog(rep, preview, self.window).exec())
        handle.failed.connect(lambda exc: self._error(exc) if isinstance(exc, EsgdeskError) else None)

    def review(self) -> None:
        from esgdesk.gui.office.review_panel import ReviewPanel

        if self.report() is not None:
            ReviewPanel(self.report(), self.window.dialogs, parent=self.window).exec()

    def status(self) -> None:
        from esgdesk.gui.office.status_view import StatusView

        if self.report() is not None:
            StatusView(self.report(), self.window).exec()

    def entities(self) -> None:
        from esgdesk.gui.office.entities_dialog import EntitiesDialog

        if self.report() is not None:
            EntitiesDialog(self.report(), self.window.dialogs, parent=self.window).exec()

    def submit(self) -> None:
        from esgdesk.core.workflow.review import submit

        rep = self.report()
        section = self.window.form_model.section_id
        if rep is None or not section:
            return
        try:
            submit(rep, section)
        except EsgdeskError as exc:
            self._error(exc)
            return
        self.window.statusBar().showMessage(f"section {section} submitted")
