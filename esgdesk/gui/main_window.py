"""The main window: section tree, the section's form, findings, details and the dashboard.

Extension points for other views of the same window (a department-restricted mode, an
office menu): `add_menu_actions(menu_name, actions)`, `set_visible_sections(ids)`, and the
`report_opened` / `report_closed` signals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent, QUndoGroup
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from esgdesk import __version__
from esgdesk.core.errors import Conflict, EsgdeskError, LockedError
from esgdesk.core.findings import Finding
from esgdesk.core.jobs import Cancelled, CancelToken, Progress
from esgdesk.core.store import Report
from esgdesk.core.values import Key
from esgdesk.gui import i18n, icons
from esgdesk.gui.commands import AcknowledgeCommand, ExplanationCommand
from esgdesk.gui.dialogs import Dialogs
from esgdesk.gui.form_model import Col, FormModel, Role
from esgdesk.gui.form_view import FormView
from esgdesk.gui.i18n import language, tr
from esgdesk.gui.lazy import LazyPage
from esgdesk.gui.section_tree import SectionTree
from esgdesk.gui.session import FailedWrite, ReportSession
from esgdesk.gui.settings import AppSettings
from esgdesk.gui.workers import Job, JobHandle, run_job

if TYPE_CHECKING:
    from esgdesk.gui.dashboard import Dashboard
    from esgdesk.gui.details import DetailsPane
    from esgdesk.gui.findings_panel import FindingsPanel
    from esgdesk.gui.index_view import IndexWindow


def plain(text: str) -> str:
    """A menu text without its keyboard accelerator ("表单(&F)" -> "表单", "&Form" -> "Form")."""
    return re.sub(r"\(&.\)", "", text).replace("&", "")


def _import_available() -> bool:
    from importlib.util import find_spec

    try:
        return find_spec("esgdesk.exports.xlsx_import") is not None
    except (ImportError, ValueError):
        return False


class MainWindow(QMainWindow):
    report_opened = Signal(object)  # ReportSession
    report_closed = Signal()

    def __init__(self, settings: AppSettings, dialogs: Dialogs | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.dialogs = dialogs or Dialogs(self)
        self.session: ReportSession | None = None
        self.index_window: IndexWindow | None = None  # View → Framework Index, built on first use
        self.visible_sections: set[str] | None = None
        self.department: str | None = None  # a department's collection file is open: its view, not the office's
        self.jobs: list[JobHandle] = []
        self._texts: list[tuple[QAction | QMenu | QDockWidget, str]] = []
        self._menus: dict[str, QMenu] = {}
        self.undo_group = QUndoGroup(self)
        self.setWindowIcon(icons.app_icon())
        self.resize(1360, 860)

        self.tree = SectionTree()
        self.form_model = FormModel(parent=self)
        self.form_model.dialogs = self.dialogs  # a published figure typed over asks for a restatement's reason
        self.form_view = FormView(self.dialogs)
        self.form_view.setModel(self.form_model)
        self.section_title = QLabel()
        font = self.section_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.section_title.setFont(font)
        self.section_info = QLabel()
        self.form_message = QLabel()
        self.form_message.setWordWrap(True)
        self.form_message.setStyleSheet(f"color: {icons.ERROR.name()}")
        self.form_message.setAccessibleName("message")
        form_page = QWidget()
        fl = QVBoxLayout(form_page)
        fl.setContentsMargins(6, 6, 6, 6)
        fl.addWidget(self.section_title)
        fl.addWidget(self.section_info)
        fl.addWidget(self.form_view, 1)
        fl.addWidget(self.form_message)
        # The dashboard is built when its tab is first shown: the first paint shows the form.
        self.dashboard_page: LazyPage[Dashboard] = LazyPage(self._build_dashboard)
        self.tabs = QTabWidget()
        self.tabs.addTab(form_page, "")
        self.tabs.addTab(self.dashboard_page, "")
        self.setCentralWidget(self.tabs)

        # The findings and details panes are filled right after the first paint (`finish_building`; the
        # findings themselves come then too), or when code first asks for `findings` or `details`.
        self.findings_page: LazyPage[FindingsPanel] = LazyPage(self._build_findings, on_show=False)
        self.details_page: LazyPage[DetailsPane] = LazyPage(self._build_details, on_show=False)
        self.tree_dock = self._dock("tree.title", self.tree, Qt.DockWidgetArea.LeftDockWidgetArea, "sections")
        self.findings_dock = self._dock(
            "findings.title", self.findings_page, Qt.DockWidgetArea.BottomDockWidgetArea, "findings"
        )
        self.details_dock = self._dock(
            "details.title", self.details_page, Qt.DockWidgetArea.RightDockWidgetArea, "details"
        )
        self._docks_fitted = False
        self.fit_docks()

        self._build_menus()
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)

        self.tree.section_selected.connect(self.show_section)
        self.retranslate()
        self._update_enabled()

    def _build_dashboard(self) -> Dashboard:
        from esgdesk.gui.dashboard import Dashboard

        dashboard = Dashboard()
        dashboard.section_chosen.connect(self._open_from_dashboard)
        dashboard.retranslate()
        if self.session is not None:
            dashboard.set_session(self.session, self.visible_sections)
        return dashboard

    def _build_findings(self) -> FindingsPanel:
        from esgdesk.gui.findings_panel import FindingsPanel

        panel = FindingsPanel()
        panel.activated.connect(self.go_to_finding)
        panel.explain_requested.connect(self.explain_finding)
        panel.acknowledge_requested.connect(self.acknowledge_finding)
        panel.retranslate()
        if self.session is not None:
            panel.set_session(self.session)
            panel.restrict(self.visible_sections)
            panel.set_section(self.form_model.section_id)
        return panel

    def _build_details(self) -> DetailsPane:
        from esgdesk.gui.details import DetailsPane

        pane = DetailsPane()
        pane.evidence.dialogs = self.dialogs
        self.form_view.current_indicator_changed.connect(pane.show_indicator)
        pane.explanation_saved.connect(self._save_explanation)
        if self.session is not None:
            pane.set_session(self.session)
        pane.retranslate()  # after the session: its texts name the report's year
        current = self.form_view.currentIndex()
        if self.session is not None and current.isValid():
            pane.show_indicator(str(current.data(Role.INDICATOR) or ""))
        return pane

    @property
    def findings(self) -> FindingsPanel:
        """The findings pane's content (built after the first paint, or on first use)."""
        return self.findings_page.content()

    @property
    def details(self) -> DetailsPane:
        """The details pane's content (built after the first paint, or on first use)."""
        return self.details_page.content()

    def finish_building(self) -> None:
        """What the first paint did without: the findings and details panes (a closed window skips it)."""
        if self.isVisible():
            self.findings_page.content()
            self.details_page.content()

    @property
    def dashboard(self) -> Dashboard:
        """The dashboard tab's content (built on first use)."""
        return self.dashboard_page.content()

    def fit_docks(self) -> None:
        """Side panes in proportion to the window, so the form keeps most of the width on any screen."""
        w, h = self.width(), self.height()
        tree = int(min(max(w * 0.18, 220), 330))
        details = int(min(max(w * 0.22, 270), 440))
        self.resizeDocks([self.tree_dock, self.details_dock], [tree, details], Qt.Orientation.Horizontal)
        self.resizeDocks([self.findings_dock], [int(min(max(h * 0.24, 150), 300))], Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._docks_fitted:
            self.fit_docks()  # the first time only: later sizes are the user's
        self._docks_fitted = True

    # -- building ----------------------------------------------------------------------------
    def _dock(self, key: str, widget: QWidget, area: Qt.DockWidgetArea, name: str) -> QDockWidget:
        dock = QDockWidget(tr(key), self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        self._texts.append((dock, key))
        return dock

    def _menu(self, key: str, parent: QMenu | None = None) -> QMenu:
        menu = parent.addMenu(tr(key)) if parent is not None else self.menuBar().addMenu(tr(key))
        menu.setObjectName(key)
        self._texts.append((menu, key))
        return menu

    def _action(
        self, menu: QMenu, key: str, slot: Callable[[], object], shortcut: QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        act = QAction(tr(key), self)
        act.setObjectName(key)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        self._texts.append((act, key))
        return act

    def _build_menus(self) -> None:
        SK = QKeySequence.StandardKey
        m = self._menu("menu.file")
        self._menus["file"] = m
        self.act_new = self._action(m, "act.new", self.new_report, SK.New)
        self.act_open = self._action(m, "act.open", self.ask_open, SK.Open)
        self.act_open_server = self._action(m, "act.open_server", self.ask_open_server)
        self.recent_menu = self._menu("menu.recent", m)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.act_save_copy = self._action(m, "act.save_copy", self.save_copy, SK.SaveAs)
        self.act_properties = self._action(m, "act.properties", self.report_properties)
        m.addSeparator()
        self.act_rollforward = self._action(m, "act.rollforward", self.roll_forward)
        self.export_menu = self._menu("menu.export", m)
        self.act_export_xlsx = self._action(self.export_menu, "act.export_xlsx", self.export_workbook)
        self.act_export_xbrl = self._action(self.export_menu, "act.export_xbrl", self.export_xbrl)
        self.act_export_evidence = self._action(self.export_menu, "act.export_evidence", self._export_evidence_pack)
        self.act_validate_xbrl = self._action(m, "act.validate_xbrl", self.validate_xbrl)
        self.act_import: QAction | None = None
        if _import_available():
            self.act_import = self._action(m, "act.import_xlsx", self.import_workbook)
        self.act_restore = self._action(m, "act.restore", self.restore_backup)
        m.addSeparator()
        self.act_close = self._action(m, "act.close", self.close_report, SK.Close)
        self.act_quit = self._action(m, "act.quit", self.close, SK.Quit)

        e = self._menu("menu.edit")
        self._menus["edit"] = e
        self.act_undo = self.undo_group.createUndoAction(self)
        self.act_undo.setShortcut(QKeySequence(SK.Undo))
        self.act_undo.setObjectName("act.undo")
        self.act_redo = self.undo_group.createRedoAction(self)
        self.act_redo.setShortcut(QKeySequence(SK.Redo))
        self.act_redo.setObjectName("act.redo")
        e.addAction(self.act_undo)
        e.addAction(self.act_redo)
        e.addSeparator()
        self.act_copy = self._action(e, "act.copy", self.form_view.copy)
        self.act_paste = self._action(e, "act.paste", self.form_view.paste)
        # The view handles the keys itself; the menu shows them without stealing them from editors.
        self.act_copy.setShortcut(QKeySequence(SK.Copy))
        self.act_copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_paste.setShortcut(QKeySequence(SK.Paste))
        self.act_paste.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_clear = self._action(e, "act.clear", lambda: self.form_model.clear(self.form_view.target_cells()))
        e.addSeparator()
        self.act_settings = self._action(e, "act.settings", self.edit_settings)

        v = self._menu("menu.view")
        self._menus["view"] = v
        self.act_form = self._action(v, "act.form", lambda: self.tabs.setCurrentIndex(0), "Ctrl+1")
        self.act_dashboard = self._action(v, "act.dashboard", lambda: self.tabs.setCurrentIndex(1), "Ctrl+2")
        self.act_earlier_years = self._action(v, "act.earlier_years", self._ask_earlier_years)
        self.act_framework_index = self._action(v, "act.framework_index", self.show_framework_index)
        v.addSeparator()
        for dock, key in ((self.findings_dock, "act.findings_panel"), (self.details_dock, "act.details_panel")):
            act = dock.toggleViewAction()
            act.setObjectName(key)
            v.addAction(act)
            self._texts.append((act, key))
        v.addSeparator()
        lang_menu = self._menu("menu.language", v)
        group = QActionGroup(self)
        self.lang_actions: dict[str, QAction] = {}
        for code in i18n.LANGUAGES:
            act = self._action(lang_menu, f"act.lang_{code}", partial(self.set_language, code))
            act.setCheckable(True)
            group.addAction(act)
            self.lang_actions[code] = act

        s = self._menu("menu.section")
        self._menus["section"] = s
        self.act_submit = self._action(s, "act.submit", lambda: self.review_section("submit"))
        self.act_approve = self._action(s, "act.approve", lambda: self.review_section("approve"))
        self.act_send_back = self._action(s, "act.send_back", lambda: self.review_section("send_back"))
        self.act_unlock = self._action(s, "act.unlock", lambda: self.review_section("unlock"))
        s.addSeparator()
        self.act_attach_section = self._action(s, "act.attach_section", self._attach_to_section)

        h = self._menu("menu.help")
        self._menus["help"] = h
        self._action(h, "act.about", lambda: self.dialogs.inform(tr("act.about"), tr("msg.about", version=__version__)))

    def _attach_to_section(self) -> None:
        from esgdesk.gui.evidence_panel import attach_to_section

        attach_to_section(self)

    def _export_evidence_pack(self) -> None:
        from esgdesk.gui.evidence_panel import export_evidence_pack

        export_evidence_pack(self)

    def _ask_earlier_years(self) -> None:
        from esgdesk.gui.history_view import ask_earlier_years

        ask_earlier_years(self)

    def translated_action(self, key: str, slot: Callable[[], object]) -> QAction:
        """An action whose text is the interface string `key`, retranslated with the rest of the window."""
        act = QAction(tr(key), self)
        act.setObjectName(key)
        act.triggered.connect(lambda _checked=False: slot())
        self._texts.append((act, key))
        return act

    def add_menu_actions(self, menu_name: str, actions: Iterable[QAction]) -> QMenu:
        """Add actions to a top-level menu ("file", "edit", "view", "section", "help" or a new title).

        A new menu is inserted before Help; its title is the interface string `menu_name` when there
        is one (it then follows the language), else `menu_name` as given.
        """
        menu = self._menus.get(menu_name)
        if menu is None:
            translated = i18n.has(menu_name)
            menu = QMenu(tr(menu_name) if translated else menu_name, self)
            menu.setObjectName(menu_name)
            if translated:
                self._texts.append((menu, menu_name))
            self.menuBar().insertMenu(self._menus["help"].menuAction(), menu)
            self._menus[menu_name] = menu
        for act in actions:
            menu.addAction(act)
        return menu

    def retranslate(self) -> None:
        for widget, key in self._texts:
            if isinstance(widget, QMenu):
                widget.setTitle(tr(key))
            elif isinstance(widget, QDockWidget):
                widget.setWindowTitle(tr(key))
            else:
                widget.setText(tr(key))
        self.act_undo.setText(tr("act.undo"))
        self.act_redo.setText(tr("act.redo"))
        self.tabs.setTabText(0, plain(tr("act.form")))
        self.tabs.setTabText(1, plain(tr("act.dashboard")))
        for code, act in self.lang_actions.items():
            act.setChecked(code == language())
        self.form_model.retranslate()
        self.tree.tree_model.retranslate()
        self.tree.setAccessibleName(tr("acc.tree"))
        self.form_view.setAccessibleName(tr("acc.form"))
        if (findings := self.findings_page.built) is not None:
            findings.retranslate()
        if (details := self.details_page.built) is not None:
            details.retranslate()
        if (dashboard := self.dashboard_page.built) is not None:
            dashboard.retranslate()
        self._update_titles()

    def set_language(self, lang: str) -> None:
        self.settings.language = i18n.set_language(lang)
        i18n.translate_qt_dialogs(self.settings.language)
        self.retranslate()

    # -- state ----------------------------------------------------------------------------------
    def office_actions(self) -> list[QAction]:
        """What only the ESG office does with a master report; disabled in a department's collection file."""
        acts = [
            self.act_rollforward,
            self.act_export_xlsx,
            self.act_export_xbrl,
            self.act_validate_xbrl,
            self.act_restore,
            self.act_approve,
            self.act_send_back,
            self.act_unlock,
        ]
        return [*acts, self.act_import] if self.act_import is not None else acts

    def _update_enabled(self) -> None:
        s = self.session
        has = s is not None
        writable = s is not None and not s.readonly
        office = has and self.department is None
        for act in (
            self.act_rollforward,
            self.act_export_xlsx,
            self.act_export_xbrl,
            self.act_export_evidence,
            self.act_restore,
            self.act_close,
            self.act_copy,
            self.act_save_copy,
        ):
            act.setEnabled(has)
        self.act_validate_xbrl.setEnabled(has)
        self.act_framework_index.setEnabled(has)
        for act in (self.act_paste, self.act_clear, self.act_attach_section):
            act.setEnabled(writable)
        # the company's identity is the ESG office's, and only in a report it may write
        self.act_properties.setEnabled(writable and office)
        if self.act_import is not None:
            self.act_import.setEnabled(writable)
        for act in self.office_actions():
            if not office:
                act.setEnabled(False)
        state = s.report.section_state(self.form_model.section_id).state if s and self.form_model.section_id else ""
        self.act_submit.setEnabled(writable and self.department is not None and state == "draft")
        self.act_approve.setEnabled(writable and office and state == "submitted")
        self.act_send_back.setEnabled(writable and office and state == "submitted")
        self.act_unlock.setEnabled(writable and office and state == "approved")

    def set_department(self, department: str | None) -> None:
        """A department's view (its collection file) or the ESG office's (None)."""
        self.department = department
        self._update_enabled()
        self._update_titles()

    def _update_titles(self) -> None:
        s = self.session
        if s is None:
            self.setWindowTitle("esgdesk")
            self.section_title.setText(tr("welcome"))
            self.section_info.setText("")
            self.status_label.setText(tr("status.no_report"))
            return
        ro = " [read-only]" if s.readonly else ""
        self.setWindowTitle(f"{s.report.path.name} — {s.report.meta.company} {s.year}{ro} — esgdesk")
        who = tr("status.department", department=self.department) if self.department else s.report.user
        self.status_label.setText(
            tr("status.readonly", file=s.report.path.name) if s.readonly else f"{who} · {s.report.path.name}"
        )
        sid = self.form_model.section_id
        if sid:
            cat = s.report.catalogue
            sec = cat.sections[sid]
            lang = language()
            dept = cat.department_table.get(sec.owner)
            state = s.report.section_state(sid)
            self.section_title.setText(f"{cat.area_of[sid].label.get(lang)} › {sec.label.get(lang)}")
            self.section_info.setText(
                f"{tr('details.owner')}: {dept.name.get(lang) if dept else sec.owner} · "
                f"{tr('dash.state')}: {tr('state.' + state.state)}"
            )

    @property
    def report(self) -> Report | None:
        return self.session.report if self.session else None

    # -- opening and closing ------------------------------------------------------------------
    def open_path(self, path: Path, *, read_only: bool = False) -> bool:
        path = Path(path)
        user = self.settings.audit_user()
        try:
            try:
                report = Report.open(path, readonly=read_only, user=user)
            except LockedError as exc:
                h = exc.holder
                since = tr("msg.since", since=h["since"]) if h.get("since") else ""
                question = tr("msg.locked", who=h.get("user", "?"), host=h.get("host", "?"), since=since)
                if not self.dialogs.confirm(tr("title.open"), question):
                    return False
                report = Report.open(path, readonly=True, user=user)
        except EsgdeskError as exc:
            self.dialogs.error(tr("title.open"), tr("msg.open_failed"), str(exc))
            if not path.exists():
                self.settings.remove_recent(path)
            return False
        self.set_report(report)
        if report.notes:
            self.dialogs.inform(tr("msg.notes"), "\n".join(report.notes))
        self._warn_integrity(report)
        return True

    def _warn_integrity(self, report: Report) -> None:
        """Say what the file's own check finds (its audit chain above all), once the report is on screen.

        At start-up that is after the first paint, with the findings: checking the chain reads and hashes
        every log entry, which the first paint does not need.
        """

        def warn() -> None:
            if report.integrity_problems:
                problems = "\n".join(report.integrity_problems[:10])
                self.dialogs.error(tr("msg.notes"), tr("msg.integrity", problems=problems))

        if self.session is not None and self.session.report is report:
            self.session.when_checked(warn)
        else:
            warn()

    def set_report(self, report: Report) -> None:
        self.close_report()
        session = ReportSession(report, self)
        self.session = session
        self.undo_group.addStack(session.undo_stack)
        self.undo_group.setActiveStack(session.undo_stack)
        session.saved.connect(self._on_saved)
        session.refused.connect(self._on_refused)
        session.refreshed.connect(self._update_titles)
        session.refreshed.connect(self._update_enabled)
        session.write_failed.connect(self._write_failed)
        session.conflicted.connect(self._on_conflict)
        session.xbrl_updated.connect(self._xbrl_updated)
        session.catalogue_changed.connect(self._catalogue_changed)
        self.form_model.set_session(session)
        self.tree.set_session(session, self.visible_sections)
        if (findings := self.findings_page.built) is not None:
            findings.set_session(session)
            findings.restrict(self.visible_sections)
        if (details := self.details_page.built) is not None:
            details.set_session(session)
        if (dashboard := self.dashboard_page.built) is not None:
            dashboard.set_session(session, self.visible_sections)
        if getattr(report, "url", None) is None:  # a server report is remembered by its URL (server_url)
            self.settings.add_recent(report.path)
        first = self.tree.first_section()
        if first:
            self.tree.select_section(first)
        self.retranslate()
        self._update_enabled()
        self.statusBar().showMessage(
            tr("status.opened", file=report.path.name, company=report.meta.company, year=report.year)
        )
        self.report_opened.emit(session)

    def close_report(self) -> None:
        s = self.session
        if s is None:
            return
        self.session = None
        if self.index_window is not None:
            self.index_window.close()
            self.index_window.deleteLater()
            self.index_window = None
        self.form_model.set_session(None)
        self.tree.set_session(None)
        if (findings := self.findings_page.built) is not None:
            findings.set_session(None)
        if (details := self.details_page.built) is not None:
            details.set_session(None)
        if (dashboard := self.dashboard_page.built) is not None:
            dashboard.set_session(None)
        self.undo_group.removeStack(s.undo_stack)
        s.close()
        s.deleteLater()
        self._update_titles()
        self._update_enabled()
        self.report_closed.emit()

    def _catalogue_changed(self) -> None:
        """Sections and indicators may have come, gone or moved: rebuild the tree and the form."""
        s = self.session
        if s is None:
            return
        current = self.form_model.section_id
        self.tree.set_session(s, self.visible_sections)
        if current is not None and current in s.report.catalogue.sections:
            self.form_model.set_section(current)
            self.tree.select_section(current)
        else:
            first = self.tree.first_section()
            self.show_section(first or None)
            if first:
                self.tree.select_section(first)

    def set_visible_sections(self, section_ids: Iterable[str] | None) -> None:
        """Show only these sections (a department's view); None shows them all."""
        visible = set(section_ids) if section_ids is not None else None
        unchanged = visible == self.visible_sections
        self.visible_sections = visible
        if self.session is None:
            return
        if unchanged and self.tree.tree_model.session is self.session:
            return  # the usual case on opening a report: the tree already shows these sections
        self.tree.set_session(self.session, self.visible_sections)
        if (findings := self.findings_page.built) is not None:
            findings.restrict(self.visible_sections)
        if (dashboard := self.dashboard_page.built) is not None:
            dashboard.set_session(self.session, self.visible_sections)
        current = self.form_model.section_id
        if current is None or (self.visible_sections is not None and current not in self.visible_sections):
            first = self.tree.first_section()
            self.show_section(first or None)
            if first:
                self.tree.select_section(first)
        else:
            self.tree.select_section(current)

    def closeEvent(self, event: QCloseEvent) -> None:
        if any(j.running for j in self.jobs):
            for j in self.jobs:
                j.token.cancel()
        self.settings.save_geometry(bytes(self.saveGeometry().data()))
        self.close_report()
        self.settings.sync()
        super().closeEvent(event)

    # -- navigation ----------------------------------------------------------------------------
    def show_section(self, section_id: str | None) -> None:
        self.form_model.set_section(section_id)
        if (findings := self.findings_page.built) is not None:
            findings.set_section(section_id)
        self.form_message.clear()
        self._update_titles()
        self._update_enabled()
        if self.form_model.rows:
            self.form_view.setCurrentIndex(self.form_model.index(0, Col.CURRENT))

    def select_cell(self, indicator_id: str, year: int | None = None) -> bool:
        s = self.session
        if s is None or indicator_id not in s.report.catalogue.indicators:
            return False
        section = s.report.catalogue.section_of[indicator_id].id
        if self.visible_sections is not None and section not in self.visible_sections:
            return False
        if self.form_model.section_id != section:
            self.tree.select_section(section)
            if self.form_model.section_id != section:
                self.show_section(section)
        row = self.form_model.row_of(indicator_id)
        if row is None:
            return False
        column = Col.PRIOR if year == s.year - 1 else Col.CURRENT
        self.tabs.setCurrentIndex(0)
        self.form_view.select_cell(row, column)
        return True

    def go_to_finding(self, finding: Finding) -> None:
        self.select_cell(finding.indicator, finding.year)

    def _open_from_dashboard(self, section_id: str) -> None:
        self.tree.select_section(section_id)
        self.tabs.setCurrentIndex(0)

    # -- edits outside the table ----------------------------------------------------------------
    def _on_saved(self, text: str) -> None:
        self.form_message.clear()
        self.statusBar().showMessage(text)
        self._update_titles()

    def _on_refused(self, text: str) -> None:
        self.form_message.setText(text)
        self.statusBar().showMessage(text)

    def _push_explanation(self, key: Key, text: str | None) -> None:
        s = self.session
        if s is None:
            return
        old = s.report.explanation(key.indicator, key.year, key.entity)
        new = (text or "").strip() or None
        if (old.text if old else None) == new:
            return
        label = s.indicator(key.indicator).label.get(language())
        s.undo_stack.push(ExplanationCommand(s, key, old.text if old else None, new, label))

    def _save_explanation(self, indicator_id: str, text: str) -> None:
        s = self.session
        if s is not None:
            self._push_explanation(Key(s.entity, indicator_id, s.year), text)

    def explain_finding(self, finding: Finding) -> None:
        s = self.session
        if s is None:
            return
        label = s.indicator(finding.indicator).label.get(language())
        old = s.report.explanation(finding.indicator, finding.year, finding.entity)
        text = self.dialogs.ask_text(
            tr("title.explain"),
            f"{finding.text(language())}\n\n{tr('msg.explain_prompt', label=label)}",
            old.text if old else "",
            multiline=True,
        )
        if text is not None:
            self._push_explanation(Key(finding.entity, finding.indicator, finding.year), text)

    def acknowledge_finding(self, finding: Finding) -> None:
        s = self.session
        if s is None:
            return
        label = s.indicator(finding.indicator).label.get(language())
        note = self.dialogs.ask_text(
            tr("title.ack"), f"{finding.text(language())}\n\n{tr('msg.ack_prompt', label=label)}"
        )
        if note is None:
            return
        s.undo_stack.push(AcknowledgeCommand(s, finding, note.strip() or None, label))

    def review_section(self, action: str) -> bool:
        """Submit, approve, send back (with a comment) or unlock (with a reason) the section on screen."""
        s = self.session
        sid = self.form_model.section_id
        if s is None or not sid:
            return False
        label = s.report.catalogue.sections[sid].label.get(language())
        text = ""
        if action in ("send_back", "unlock"):
            asked = self.dialogs.ask_text(
                tr("title.send_back" if action == "send_back" else "title.unlock"),
                tr("msg.send_back_prompt" if action == "send_back" else "msg.unlock_prompt", section=label),
                multiline=action == "send_back",
            )
            if asked is None:
                return False
            text = asked
        try:
            s.review(action, sid, text)
        except EsgdeskError as exc:
            self.dialogs.error(tr("title.error"), tr("msg.state_refused", reason=exc.message))
            return False
        state = s.report.section_state(sid).state
        self.statusBar().showMessage(tr("msg.section_state", section=label, state=tr("state." + state)))
        self._update_titles()
        self._update_enabled()
        return True

    def edit_settings(self) -> None:
        name = self.dialogs.ask_text(tr("title.settings"), tr("settings.user"), self.settings.user)
        if name is None:
            return
        dept = self.dialogs.ask_text(tr("title.settings"), tr("settings.department"), self.settings.department)
        if dept is None:
            return
        self.settings.user = name
        self.settings.department = dept
        if self.session is not None and self.settings.audit_user():
            self.session.report.user = self.settings.audit_user() or self.session.report.user
        self._update_titles()

    # -- file menu ----------------------------------------------------------------------------------
    def ask_open(self) -> None:
        path = self.dialogs.ask_open_path(tr("title.open"), tr("filter.report"))
        if path is not None:
            self.open_path(path)

    def ask_open_server(self) -> None:
        """File → Open Server Report: a `postgresql://…?report=…` URL, the last one offered again."""
        url = self.dialogs.ask_text(tr("title.open_server"), tr("msg.server_url"), self.settings.server_url)
        if url and url.strip():
            self.open_server(url.strip())

    def open_server(self, url: str, *, read_only: bool = False) -> bool:
        from esgdesk.core.server_url import is_url
        from esgdesk.core.store import open_report

        if not is_url(url):
            self.dialogs.error(tr("title.open_server"), tr("msg.open_failed"), tr("msg.server_url"))
            return False
        try:
            report = open_report(url, readonly=read_only)
        except EsgdeskError as exc:
            self.dialogs.error(tr("title.open_server"), tr("msg.open_failed"), str(exc))
            return False
        self.settings.server_url = url
        self.set_report(report)
        self._warn_integrity(report)
        return True

    def _on_conflict(self, payload: tuple[Conflict, Callable[[ReportSession], None]]) -> None:
        """Someone else changed the figure first: show both, keep theirs or make the edit again."""
        from esgdesk.core.display import display

        exc, again = payload
        s = self.session
        if s is None:
            return
        ind = s.report.catalogue.indicators[exc.key[1]]
        lang = language()
        text = tr(
            "msg.conflict",
            indicator=ind.label.get(lang),
            year=exc.key[2],
            theirs=display(exc.theirs, ind, lang=lang) or "—",
            mine=display(exc.mine, ind, lang=lang) or "—",
        )
        keep_mine = self.dialogs.confirm(tr("title.conflict"), text)
        refresh = getattr(s.report, "refresh", None)
        if refresh is not None:
            refresh()  # the form shows their figure now
        if keep_mine:
            again(s)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_files:
            act = self.recent_menu.addAction(str(path))
            act.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(self.settings.recent_files))

    def new_report(self) -> None:
        choice = self.dialogs.new_report()
        if choice is None:
            return
        slug = choice.company.replace(" ", "-").replace(",", "").replace(".", "").lower()
        path = self.dialogs.ask_save_path(
            tr("title.save_report"), tr("filter.report"), Path(f"{slug}-{choice.year}.esg")
        )
        if path is None:
            return
        if path.suffix != ".esg":
            path = path.with_suffix(".esg")
        from esgdesk.core.templates import create_report

        try:
            report = create_report(
                path,
                choice.template,
                company=choice.company,
                company_zh=choice.company_zh,
                year=choice.year,
                identifier=choice.identifier,
                scheme=choice.scheme,
                currency=choice.currency,
                user=self.settings.audit_user(),
            )
        except EsgdeskError as exc:
            self.dialogs.error(tr("title.save_report"), exc.message, exc.where or "")
            return
        self.set_report(report)

    def show_framework_index(self) -> None:
        """The guideline's topic index or GRI's content index of the open report, kept up to date."""
        if self.session is None:
            return
        if self.index_window is None:
            from esgdesk.gui.index_view import IndexWindow

            self.index_window = IndexWindow(self.session, self.select_cell, self)
        self.index_window.show()
        self.index_window.raise_()

    def report_properties(self) -> None:
        """The company's identity and XBRL names; the change is one undoable, audited step."""
        s = self.session
        if s is None:
            return
        from esgdesk.core.properties import properties

        current = properties(s.report)
        changes = self.dialogs.edit_properties(current)
        if not changes:
            return
        from esgdesk.gui.properties_dialog import PropertiesCommand

        before = {k: str(current.get(k, "")) for k in changes}
        s.undo_stack.push(PropertiesCommand(s, before, changes))

    def start_job(
        self, job: Job, title: str, done: Callable[[object], None], *, failed_text: str | None = None
    ) -> JobHandle:
        handle = run_job(job, title, self)
        self.jobs.append(handle)

        def finished(result: object) -> None:
            self.jobs.remove(handle)
            done(result)

        def failed(exc: object) -> None:
            self.jobs.remove(handle)
            self._job_failed(exc, failed_text or tr("msg.export_failed"))

        handle.finished.connect(finished)
        handle.failed.connect(failed)
        return handle

    def _job_failed(self, exc: object, text: str) -> None:
        if isinstance(exc, Cancelled):
            self.statusBar().showMessage(tr("msg.cancelled"))
            return
        if isinstance(exc, EsgdeskError):
            self.dialogs.error(tr("title.error"), text, str(exc))
            return
        from esgdesk.crashlog import log_exception

        log = log_exception(exc) if isinstance(exc, BaseException) else Path("?")
        self.dialogs.error(tr("title.error"), text, tr("msg.unexpected", log=log))

    def roll_forward(self) -> None:
        s = self.session
        if s is None:
            return
        rep = s.report
        suggested = rep.path.with_name(f"{rep.path.stem.replace(str(rep.year), '')}{rep.year + 1}.esg".lstrip("-"))
        path = self.dialogs.ask_save_path(plain(tr("act.rollforward")), tr("filter.report"), suggested)
        if path is None:
            return

        def job(progress: Progress, cancel: CancelToken) -> Path:
            progress(0, 1, tr("job.rollforward"))
            new = rep.rollforward(path)
            out = new.path
            new.close()  # reopened in the GUI thread, which then holds the lock
            progress(1, 1, tr("job.rollforward"))
            return out

        def done(result: object) -> None:
            if isinstance(result, Path) and self.open_path(result):
                self.statusBar().showMessage(tr("msg.rolled", year=rep.year + 1, path=result))

        self.start_job(job, tr("job.rollforward"), done)

    def export_workbook(self) -> None:
        s = self.session
        if s is None:
            return
        try:
            from esgdesk.exports.xlsx import export_workbook
        except ImportError:
            self.dialogs.error(tr("title.export_xlsx"), tr("msg.export_missing"))
            return
        rep = s.report
        path = self.dialogs.ask_save_path(tr("title.export_xlsx"), tr("filter.xlsx"), rep.path.with_suffix(".xlsx"))
        if path is None:
            return
        from esgdesk.gui.history_view import ask_workbook_years

        years = ask_workbook_years(self)
        if years is None:
            return
        lang = language()
        # The engine is current with every edit: hand its results over (taken here, in the GUI thread)
        # instead of validating the whole report again inside the worker.
        findings = list(s.engine.findings())
        computed = dict(s.engine.computed_map())

        def job(progress: Progress, cancel: CancelToken) -> Path:
            export_workbook(
                rep,
                path,
                lang=lang,
                progress=progress,
                cancel=cancel,
                findings=findings,
                computed=computed,
                years=years,
            )
            return path

        self.start_job(
            job, tr("job.export_xlsx"), lambda result: self.statusBar().showMessage(tr("msg.export_done", path=result))
        )

    def export_xbrl(self) -> None:
        s = self.session
        if s is None:
            return
        try:
            from esgdesk.exports.xbrl import export_xbrl
        except ImportError:
            self.dialogs.error(tr("title.export_xbrl"), tr("msg.export_missing"))
            return
        rep = s.report
        chosen = self.dialogs.ask_directory(tr("title.export_xbrl"))
        if chosen is None:
            return
        from esgdesk.exports.xbrl.export import folder_for

        folder = folder_for(rep, chosen)  # a folder of other files gets the export in a folder of its own

        viewer = self.dialogs.confirm(tr("title.export_xbrl"), tr("msg.xbrl_viewer_ask"))

        def job(progress: Progress, cancel: CancelToken) -> object:
            written = export_xbrl(rep, folder, progress=progress, cancel=cancel)
            if not viewer:
                return folder
            from esgdesk.exports.xbrl.viewer import write_viewer

            progress(0, 0, tr("job.xbrl_viewer"))
            return write_viewer(written.inline, cancel=cancel)

        def done(result: object) -> None:
            self.statusBar().showMessage(tr("msg.export_done", path=result))
            if viewer and isinstance(result, Path):
                self.dialogs.open_in_browser(result)

        self.start_job(job, tr("job.export_xbrl"), done)

    def import_workbook(self) -> None:
        """Read a workbook in a worker (a preview, nothing written), then ask, then write it all at once."""
        s = self.session
        if s is None:
            return
        try:
            from esgdesk.exports.xlsx_import import ImportPreview, apply_import, preview_import
        except ImportError:
            self.dialogs.error(tr("title.import"), tr("msg.export_missing"))
            return
        path = self.dialogs.ask_open_path(tr("title.import"), tr("filter.xlsx"))
        if path is None:
            return
        rep = s.report

        def job(progress: Progress, cancel: CancelToken) -> object:
            return preview_import(rep, path, progress=progress, cancel=cancel)

        def done(result: object) -> None:
            if not isinstance(result, ImportPreview) or self.session is None or self.session.report is not rep:
                return
            # what the core matched or could not (entities of another report, another company) comes first
            details = "\n".join(
                [*(f"• {note}" for note in result.notes), *(f"• {r.where}: {r.reason}" for r in result.refusals[:12])]
            )
            if not result.changes:
                self.dialogs.inform(
                    tr("title.import"), tr("msg.import_nothing", refused=len(result.refusals), details=details)
                )
                return
            if not self.dialogs.confirm(
                tr("title.import"),
                tr("msg.import_preview", changes=len(result.changes), refused=len(result.refusals), details=details),
            ):
                return
            try:
                n = apply_import(rep, result)
            except EsgdeskError as exc:
                self.dialogs.error(tr("title.import"), exc.message, exc.where or "")
                return
            self.statusBar().showMessage(tr("msg.imported", n=n, file=path.name))

        self.start_job(job, tr("job.import"), done)

    def restore_backup(self) -> None:
        s = self.session
        if s is None:
            return
        from esgdesk.core.backups import list_backups

        backups = list_backups(s.report.path)
        if not backups:
            self.dialogs.inform(tr("title.restore"), tr("msg.restore_none"))
            return
        choice = self.dialogs.choose(tr("title.restore"), tr("msg.restore_pick"), [b.name for b in backups])
        if choice is None:
            return
        chosen = backups[choice]
        stamp = chosen.stem.split("-", 2)
        suggested = s.report.path.with_name(f"{s.report.path.stem}-restored-{'-'.join(stamp[:2])}.esg")
        target = self.dialogs.ask_save_path(tr("title.restore"), tr("filter.report"), suggested)
        if target is None:
            return
        if target.suffix != ".esg":
            target = target.with_suffix(".esg")
        if target.exists() or target.resolve() == s.report.path.resolve():
            self.dialogs.error(tr("title.restore"), tr("msg.restore_exists", path=target))
            return
        from esgdesk.core.backups import restore_backup

        try:
            # The core's restore, as `esgdesk restore` does it: the backup checked first, the target locked,
            # the new file in place only when complete.
            restore_backup(chosen, target, user=self.settings.audit_user())
        except EsgdeskError as exc:
            self.dialogs.error(tr("title.restore"), exc.message, exc.where or str(target))
            return
        self.open_path(target)

    # -- when the disk refuses: save a copy elsewhere -----------------------------------------------
    def save_copy(self, failed: FailedWrite | None = None) -> Path | None:
        """Write the report as it is to a new file and work on in that copy; `failed` is then made there."""
        s = self.session
        if s is None:
            return None
        rep = s.report
        suggested = rep.path.with_name(f"{rep.path.stem}-copy.esg")
        path = self.dialogs.ask_save_path(tr("title.save_copy"), tr("filter.report"), suggested)
        if path is None:
            return None
        if path.suffix != ".esg":
            path = path.with_suffix(".esg")
        try:
            copy = rep.save_copy(path)
        except EsgdeskError as exc:
            self.dialogs.error(tr("title.save_copy"), exc.message, exc.where or "")
            return None
        if not self.open_path(copy):
            return None
        done = tr("msg.copy_saved", path=copy)
        if failed is not None and self.session is not None:
            failed.again(self.session)
            done = tr("msg.copy_saved_again", path=copy)
        self.statusBar().showMessage(done)
        return copy

    def _write_failed(self, failed: FailedWrite) -> None:
        text = tr("msg.write_failed", reason=failed.message)
        self._on_refused(text)
        if self.dialogs.error_with_action(tr("title.error"), text, tr("msg.write_failed_hint"), tr("btn.save_copy")):
            self.save_copy(failed)

    # -- XBRL validation by Arelle ------------------------------------------------------------------
    def validate_xbrl(self) -> JobHandle | None:
        """Export the XBRL to a temporary folder and validate it with Arelle; its findings go to the panel."""
        from esgdesk.gui.xbrl_check import XbrlCheck, arelle_available, check_report

        s = self.session
        if s is None:
            return None
        if not arelle_available():
            self.dialogs.error(tr("title.arelle"), tr("msg.arelle_missing"))
            return None
        rep = s.report

        def job(progress: Progress, cancel: CancelToken) -> XbrlCheck:
            return check_report(rep, progress, cancel)

        def done(result: object) -> None:
            if not isinstance(result, XbrlCheck) or self.session is not s:
                return
            s.set_xbrl_findings(result.findings)
            self.findings_dock.show()
            self.findings.xbrl_only()
            self.statusBar().showMessage(result.summary)
            self.dialogs.inform(
                tr("title.arelle"),
                result.summary
                + "\n\n"
                + tr(
                    "msg.arelle_details",
                    facts=result.facts,
                    contexts=result.contexts,
                    warnings=result.warnings,
                    seconds=f"{result.seconds:.1f}",
                ),
            )

        return self.start_job(job, tr("job.arelle"), done, failed_text=tr("msg.arelle_failed"))

    def _xbrl_updated(self) -> None:
        s = self.session
        if s is not None and not s.xbrl_validated and self.findings.scope.currentIndex() == 2:
            self.statusBar().showMessage(tr("msg.xbrl_stale"))
