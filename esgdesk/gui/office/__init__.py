"""The ESG office's dialogs and the department's view of a collection file, hooked into the main window.

Section states change through the window's Section menu only (submit, approve, send back,
unlock), which goes through `esgdesk.core.workflow.review`; this menu holds what only the ESG
office does with a master report.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.core.errors import EsgdeskError
from esgdesk.core.jobs import CancelToken, Progress
from esgdesk.gui.i18n import indicator_count, language, tr

if TYPE_CHECKING:
    from esgdesk.core.store import Report
    from esgdesk.gui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add the ESG office menu, and show a collection file restricted to its department's sections."""
    office = _Office(window)
    window.report_opened.connect(office.opened)
    window.office = office  # type: ignore[attr-defined]  # keep it alive with the window


def has_workflow_rules(report: Report) -> bool:
    """A department's collection file or a group of entities: the workflow's modules load only for these."""
    return report.meta.kind == "collection" or len(report.entities) > 1  # "collection": workflow.collection.KIND


def department_name(report: Report) -> str:
    from esgdesk.core.workflow.collection import claims_of

    claims = claims_of(report)
    dept = report.catalogue.department_table.get(claims.department)
    return dept.name.get(language()) if dept else claims.department_name or claims.department


class _Office:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.actions = [
            window.translated_action(key, slot)
            for key, slot in (
                ("office.issue", self.issue),
                ("office.merge", self.merge),
                ("office.review", self.review),
                ("office.status", self.status),
                ("office.entities", self.entities),
                ("office.catalogue", self.catalogue),
                ("office.upgrade", self.upgrade),
            )
        ]
        window.add_menu_actions("menu.office", self.actions)

    def report(self) -> Any:
        s = self.window.session
        return s.report if s is not None else None

    def opened(self, session: Any) -> None:
        rep = session.report
        collection = False
        if has_workflow_rules(rep):
            from esgdesk.core.workflow.collection import claims_of, is_collection

            collection = is_collection(rep)
        claims = claims_of(rep) if collection else None
        # A department's own database role on a server report: the database refuses the rest anyway, so the
        # form offers only its own figures and the office's actions are off, as in its collection file; it
        # still sees every section.
        on_server: str | None = None if collection else getattr(rep, "department", None)
        if claims:
            session.own_indicators = set(claims.indicators)
        elif on_server is not None:
            cat = rep.catalogue
            session.own_indicators = {i.id for i in cat.ordered_indicators() if cat.owner_of(i.id) == on_server}
        else:
            session.own_indicators = None
        self.window.set_department(department_name(rep) if collection else on_server)
        self.window.set_visible_sections(claims.sections if claims else None)
        for act in self.actions:
            act.setEnabled(not collection and on_server is None)

    def _error(self, exc: EsgdeskError) -> None:
        self.window.dialogs.error(tr("title.error"), exc.message, exc.where or "")

    def issue(self) -> None:
        from esgdesk.gui.office.issue_dialog import IssueDialog

        if self.report() is not None:
            IssueDialog(self.report(), self.window.dialogs, self.window).exec()

    def merge(self) -> None:
        from esgdesk.core.workflow.merge import preview_merge

        rep = self.report()
        if rep is None:
            return
        paths: list[Path] = []
        while True:
            title = tr("office.returned_more", n=len(paths)) if paths else tr("office.returned")
            p = self.window.dialogs.ask_open_path(title, tr("filter.report"))
            if p is None:
                break
            paths.append(p)
        if not paths:
            return

        def job(progress: Progress, cancel: CancelToken) -> object:
            return preview_merge(rep, paths, progress=progress, cancel=cancel)

        self.window.start_job(
            job,
            tr("job.merge_check"),
            lambda preview: self._show_merge(rep, preview),
            failed_text=tr("office.merge_failed"),
        )

    def _show_merge(self, rep: Report, preview: Any) -> None:
        from esgdesk.gui.office.merge_dialog import MergeDialog

        dialog = MergeDialog(rep, preview, self.window)
        if dialog.exec() and dialog.merge_result is not None:
            self.window.statusBar().showMessage(tr("office.merged", n=len(preview.changes), file=rep.path.name))

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

        rep = self.report()
        if rep is not None:  # should it become a group here, the store adds the group's rules by itself
            EntitiesDialog(rep, self.window.dialogs, parent=self.window).exec()

    def catalogue(self) -> None:
        from esgdesk.gui.office.catalogue_editor import CatalogueEditor

        if self.window.session is not None:
            CatalogueEditor(self.window.session, self.window.dialogs, self.window).exec()

    def upgrade(self) -> None:
        from esgdesk.gui.office.catalogue_editor import upgrade_from

        session = self.window.session
        if session is None:
            return
        from esgdesk.core.templates import list_templates

        dialogs = self.window.dialogs
        templates = list_templates()
        lang = language()
        # The sources `esgdesk upgrade --catalogue` takes: a template by name, a forms folder, another report.
        items = [
            tr("cat.upgrade_template", title=t.title.get(lang), count=indicator_count(t.indicator_count))
            for t in templates
        ]
        items += [tr("cat.upgrade_folder"), tr("cat.upgrade_report")]
        chosen = dialogs.choose(tr("cat.upgrade"), tr("cat.upgrade_from"), items)
        if chosen is None:
            return
        source: Path | str | None
        if chosen < len(templates):
            source = templates[chosen].name
        elif chosen == len(templates):
            source = dialogs.ask_directory(tr("cat.upgrade_source"))
        else:
            source = dialogs.ask_open_path(tr("cat.upgrade_report"), tr("filter.report"))
        if source is not None:
            upgrade_from(session, source, dialogs, self.window)
