"""The main window around the form: findings, details, languages, files, and failures."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from esgdesk.core.errors import Refused
from esgdesk.core.store import Report
from esgdesk.gui import i18n
from esgdesk.gui.dashboard import Dashboard
from esgdesk.gui.form_model import Col, FormModel, Role, section_rows
from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.settings import AppSettings

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs


def _session_report(window: MainWindow) -> Report:
    assert window.session is not None
    return window.session.report


# -- findings ---------------------------------------------------------------------------------
def test_clicking_a_finding_selects_its_cell(qtbot: Any, demo_window: MainWindow) -> None:
    panel = demo_window.findings
    panel.whole_report(True)
    report = _session_report(demo_window)
    items = panel.model.items
    assert items, "the demo has findings"
    # One in a section other than the one on screen, to prove the form follows.
    shown = demo_window.form_model.section_id
    row = next(n for n, f in enumerate(items) if report.catalogue.section_of[f.indicator].id != shown)
    finding = items[row]
    rect = panel.view.visualRect(panel.model.index(row, 3))
    panel.view.scrollTo(panel.model.index(row, 3))
    rect = panel.view.visualRect(panel.model.index(row, 3))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert demo_window.form_model.section_id == report.catalogue.section_of[finding.indicator].id
    current = demo_window.form_view.currentIndex()
    assert current.data(Role.INDICATOR) == finding.indicator
    assert current.column() == (Col.CURRENT if finding.year == report.year else Col.PRIOR)
    assert demo_window.tree.current_section() == demo_window.form_model.section_id
    assert demo_window.details.indicator_id == finding.indicator


def test_explaining_a_finding_marks_it_explained_and_can_be_undone(
    demo_window: MainWindow, dialogs: FakeDialogs
) -> None:
    panel = demo_window.findings
    panel.whole_report(True)
    report = _session_report(demo_window)
    row, finding = (
        next((n, f) for n, f in enumerate(panel.model.items) if f.rule == "yoy")
        if any(f.rule == "yoy" for f in panel.model.items)
        else (0, panel.model.items[0])
    )
    panel.select_finding(row)
    opened = len(panel.model.items)
    dialogs.answer("ask_text", "New production line in 2023")
    panel.explain.click()
    expl = report.explanation(finding.indicator, finding.year, finding.entity)
    assert expl is not None and expl.text == "New production line in 2023"
    assert all(f.id != finding.id for f in panel.model.items)  # explained ones are hidden by default
    assert len(panel.model.items) < opened
    panel.show_explained.setChecked(True)
    assert any(f.id == finding.id and f.explained for f in panel.model.items)
    demo_window.act_undo.trigger()
    assert report.explanation(finding.indicator, finding.year, finding.entity) is None


def test_acknowledging_a_finding(demo_window: MainWindow, dialogs: FakeDialogs) -> None:
    panel = demo_window.findings
    panel.whole_report(True)
    report = _session_report(demo_window)
    finding = panel.model.items[0]
    panel.select_finding(0)
    dialogs.answer("ask_text", "checked with the plant")
    panel.acknowledge.click()
    assert report.acknowledged(finding.indicator, finding.rule, finding.year, finding.entity)
    assert all(f.id != finding.id for f in panel.model.items)


def test_details_show_history_and_chart(qtbot: Any, mini_window: MainWindow) -> None:
    report = _session_report(mini_window)
    report.set_value("electricity", report.parse("electricity", "900"), year=2022)
    report.set_text("electricity", "1000", why="meter reading")
    assert mini_window.select_cell("electricity")
    details = mini_window.details
    assert details.indicator_id == "electricity"
    assert "Electricity bought." in details.definition.text()
    assert "302-1" in details.gri.text()
    assert details.owner.text() == "EHS"
    assert details.chart.points == [(2022, 900.0), (2023, 1000.0)]
    rows = details.history_model.rowCount()
    assert rows == 2
    assert details.history_model.index(0, 5).data() == "meter reading"  # newest first
    assert details.history_model.index(0, 3).data() == "1,000"


# -- language ----------------------------------------------------------------------------------
def test_language_switch_at_run_time_is_remembered(
    qtbot: Any, mini_window: MainWindow, settings: AppSettings, dialogs: FakeDialogs
) -> None:
    mini_window.lang_actions["zh"].trigger()
    assert mini_window.menuBar().actions()[0].text() == "文件(&F)"
    # Qt's own words in its standard dialogs follow, and go back with the switch to English.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert mini_window.form_model.headerData(Col.LABEL, Qt.Orientation.Horizontal) == "指标"
    row = mini_window.form_model.row_of("electricity")
    assert row is not None
    assert mini_window.form_model.index(row, Col.LABEL).data() == "耗电量"
    assert mini_window.tree.tree_model.item(0).text() == "环境"
    assert settings.language == "zh"
    # A new start comes up in Chinese.
    from esgdesk.gui.app import build_window

    second = build_window(None, settings=AppSettings.at(Path(settings._s.fileName())), dialogs=dialogs)
    qtbot.addWidget(second)
    assert i18n.language() == "zh"
    assert second.menuBar().actions()[0].text() == "文件(&F)"
    second.close_report()
    mini_window.lang_actions["en"].trigger()
    assert mini_window.form_model.index(row, Col.LABEL).data() == "Electricity"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_every_interface_string_has_both_languages() -> None:
    import string

    for key in i18n.keys():  # noqa: SIM118 - a function of the table module, not a dict
        en, zh = i18n.both(key)
        assert en.strip() and zh.strip(), key
        fields_en = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        fields_zh = {f for _, f, _, _ in string.Formatter().parse(zh) if f}
        assert fields_en == fields_zh, key


# -- files ---------------------------------------------------------------------------------------
def test_opening_a_corrupt_file_explains_and_keeps_the_open_report(
    mini_window: MainWindow, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    bad = tmp_path / "broken.esg"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00garbage" * 40)
    before = mini_window.session
    assert mini_window.open_path(bad) is False
    title, text, details = dialogs.asked[-1][1]
    assert dialogs.asked[-1][0] == "error"
    assert "cannot be opened" in text
    assert "broken.esg" in details
    assert "Traceback" not in details
    assert mini_window.session is before


def test_opening_a_missing_file_forgets_it(
    mini_window: MainWindow, tmp_path: Path, settings: AppSettings, dialogs: FakeDialogs
) -> None:
    gone = tmp_path / "gone.esg"
    settings.add_recent(gone)
    assert mini_window.open_path(gone) is False
    assert "no such file" in dialogs.texts("error")[-1]
    assert gone.resolve() not in settings.recent_files


def test_a_file_held_by_someone_else_names_them_and_offers_read_only(
    qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, mini_path: Path
) -> None:
    holder = Report.open(mini_path, user="Li Wei (HR)")
    try:
        window = MainWindow(settings, dialogs)
        qtbot.addWidget(window)
        dialogs.answer("confirm", True)
        assert window.open_path(mini_path)
        assert "Li Wei (HR)" in dialogs.texts("confirm")[-1]
        assert window.session is not None and window.session.readonly
        model = window.form_model
        row = model.row_of("electricity")
        assert row is not None
        assert not model.flags(model.index(row, Col.CURRENT)) & Qt.ItemFlag.ItemIsEditable
        assert not window.act_paste.isEnabled()
        window.close_report()
    finally:
        holder.close()


def test_restore_backup_copies_to_a_new_file(mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path) -> None:
    report = _session_report(mini_window)
    report.set_text("staff", "100")
    report.backup("test")
    report.set_text("staff", "200")
    original = report.path
    target = tmp_path / "restored.esg"
    dialogs.answer("choose", 0)
    dialogs.answer("ask_save_path", original)  # refused: never over an existing file
    mini_window.restore_backup()
    assert "never replaces" in dialogs.texts("error")[-1]
    assert _session_report(mini_window).get("staff").number == 200
    dialogs.answer("choose", 0)
    dialogs.answer("ask_save_path", target)
    mini_window.restore_backup()
    assert _session_report(mini_window).path == target
    assert _session_report(mini_window).get("staff").number == 100
    with Report.open(original, readonly=True) as old:
        assert old.get("staff").number == 200


def test_restore_backup_refuses_a_damaged_backup_and_writes_nothing(
    mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    report = _session_report(mini_window)
    report.set_text("staff", "100")
    backup = report.backup("test")
    backup.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)  # damaged on disk since it was taken
    target = tmp_path / "restored.esg"
    dialogs.answer("choose", 0)
    dialogs.answer("ask_save_path", target)
    mini_window.restore_backup()
    assert dialogs.texts("error"), "a damaged backup must be refused, not copied"
    assert not target.exists()
    assert _session_report(mini_window).path == report.path


def test_roll_forward_runs_in_a_worker_and_opens_next_year(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    _session_report(mini_window).set_text("staff", "100")
    target = tmp_path / "mini-2024.esg"
    dialogs.answer("ask_save_path", target)
    mini_window.roll_forward()
    qtbot.waitUntil(lambda: mini_window.session is not None and mini_window.session.year == 2024, timeout=10000)
    report = _session_report(mini_window)
    assert report.path == target
    assert report.get("staff", 2023).number == 100
    assert mini_window.form_model.headerData(Col.PRIOR, Qt.Orientation.Horizontal) == "2023"


def _fake_exports(monkeypatch: pytest.MonkeyPatch, work: Callable[[Path, Any, Any, Any, Any], None]) -> None:
    """The workbook export replaced by `work(path, progress, cancel, findings, computed)`.

    The fake takes exactly the keywords the real `export_workbook` takes, so the app must pass those.
    """

    def export_workbook(
        report: Report,
        path: Path,
        *,
        lang: str,
        progress: Any,
        cancel: Any,
        findings: Any,
        computed: Any,
        years: int,
    ) -> None:
        work(path, progress, cancel, findings, computed)

    module = types.ModuleType("esgdesk.exports.xlsx")
    module.export_workbook = export_workbook  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "esgdesk.exports.xlsx", module)


def test_export_failure_is_explained(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def export(path: Path, progress: Any, cancel: Any, findings: Any, computed: Any) -> None:
        progress(1, 2, "sheet 1")
        raise Refused("the workbook template is missing a sheet")

    _fake_exports(monkeypatch, export)
    dialogs.answer("ask_save_path", tmp_path / "out.xlsx")
    mini_window.export_workbook()
    qtbot.waitUntil(lambda: bool(dialogs.texts("error")), timeout=10000)
    assert "missing a sheet" in dialogs.texts("error")[-1]
    assert not mini_window.jobs


def test_export_runs_off_the_gui_thread_and_reports_where(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    threads: list[threading.Thread] = []
    handed: list[tuple[Any, Any]] = []

    def export(path: Path, progress: Any, cancel: Any, findings: Any, computed: Any) -> None:
        threads.append(threading.current_thread())
        handed.append((findings, computed))
        progress(1, 1, "done")
        path.write_text("x")

    _fake_exports(monkeypatch, export)
    out = tmp_path / "out.xlsx"
    dialogs.answer("ask_save_path", out)
    mini_window.export_workbook()
    qtbot.waitUntil(lambda: "Exported" in mini_window.statusBar().currentMessage(), timeout=10000)
    assert out.exists()
    assert threads and threads[0] is not threading.main_thread()
    # the app's current findings go into the workbook instead of a second validation in the worker
    session = mini_window.session
    assert session is not None
    assert handed[0][0] == list(session.engine.findings())
    assert handed[0][1] == dict(session.engine.computed_map())


def test_cancelling_a_job_stops_it(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    started = threading.Event()

    def export(path: Path, progress: Any, cancel: Any, findings: Any, computed: Any) -> None:
        started.set()
        for n in range(2000):
            cancel.check()
            progress(n, 2000, "rows")
            threading.Event().wait(0.005)
        path.write_text("should not exist")

    _fake_exports(monkeypatch, export)
    out = tmp_path / "out.xlsx"
    dialogs.answer("ask_save_path", out)
    mini_window.export_workbook()
    assert started.wait(10)
    from PySide6.QtWidgets import QPushButton

    button = mini_window.jobs[0].dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    button.click()
    qtbot.waitUntil(lambda: not mini_window.jobs, timeout=10000)
    assert not out.exists()
    assert "Cancelled" in mini_window.statusBar().currentMessage()


# -- models ----------------------------------------------------------------------------------------
def test_models_pass_qt_model_tester(qtmodeltester: Any, demo_window: MainWindow) -> None:
    demo_window.select_cell("employees_total")
    qtmodeltester.check(demo_window.form_model)
    demo_window.findings.whole_report(True)
    qtmodeltester.check(demo_window.findings.model)
    qtmodeltester.check(demo_window.details.history_model)
    qtmodeltester.check(demo_window.tree.tree_model)
    dashboard = demo_window.dashboard
    assert isinstance(dashboard, Dashboard)
    dashboard.refresh()
    qtmodeltester.check(dashboard.model)
    qtmodeltester.check(FormModel())


def test_breakdowns_are_nested_under_their_total(demo_window: MainWindow) -> None:
    report = _session_report(demo_window)
    section = report.catalogue.sections["employment"]
    rows = section_rows(section.indicators, report.catalogue.children)
    depth = {r.indicator.id: r.depth for r in rows}
    order = [r.indicator.id for r in rows]
    assert depth["employees_total"] == 0
    assert depth["employees_male"] == 1
    assert depth["employees_age_40_50"] == 2
    assert order.index("employees_age_above_40") < order.index("employees_age_40_50")
    assert len(rows) == len(section.indicators)


def test_edits_update_only_the_rows_they_touch(qtbot: Any, mini_window: MainWindow) -> None:
    model = mini_window.form_model
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    row = model.row_of("staff_male")
    assert row is not None
    assert model.setData(model.index(row, Col.CURRENT), "70")
    assert changed and all(a <= row <= b for a, b in changed)
    assert all(b - a < len(model.rows) - 1 for a, b in changed)


def test_section_badges_follow_edits(mini_window: MainWindow) -> None:
    tree = mini_window.tree.tree_model
    item = tree.itemFromIndex(tree.index_of("money"))
    assert item.data(Qt.ItemDataRole.UserRole + 2).filled == 0
    _session_report(mini_window).set_text("revenue", "500")
    assert item.data(Qt.ItemDataRole.UserRole + 2).filled == 1


def test_visible_sections_and_menu_extension(mini_window: MainWindow) -> None:
    from PySide6.QtGui import QAction

    mini_window.set_visible_sections({"money"})
    assert mini_window.form_model.section_id == "money"
    assert mini_window.select_cell("electricity") is False
    act = QAction("Issue collection files", mini_window)
    menu = mini_window.add_menu_actions("Office", [act])
    titles = [a.text() for a in mini_window.menuBar().actions()]
    assert titles.index("Office") == titles.index("&Help") - 1
    assert act in menu.actions()
    mini_window.set_visible_sections(None)
    assert mini_window.select_cell("electricity")


# -- failures and start-up ---------------------------------------------------------------------
def test_unexpected_exception_is_logged_and_reported(
    dialogs: FakeDialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from esgdesk.gui.app import make_excepthook

    monkeypatch.setenv("ESGDESK_LOG_DIR", str(tmp_path / "logs"))
    passed_on: list[object] = []
    hook = make_excepthook(dialogs, lambda *a: passed_on.append(a))
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        hook(RuntimeError, exc, exc.__traceback__)
    log = (tmp_path / "logs" / "esgdesk-errors.log").read_text(encoding="utf-8")
    assert "boom in a slot" in log and "Traceback" in log
    text = dialogs.texts("error")[-1]
    assert "already saved" in text and str(tmp_path / "logs") in text
    assert not passed_on


def test_first_start_opens_the_demo(
    qtbot: Any,
    dialogs: FakeDialogs,
    settings: AppSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    demo_master: Path,
) -> None:
    import esgdesk.gui.app as app_module

    target = tmp_path / "data" / "demo" / "luster-2023.esg"
    monkeypatch.setattr(app_module, "demo_path", lambda: target)
    target.parent.mkdir(parents=True)
    target.write_bytes(demo_master.read_bytes())  # as write_demo would leave it
    window = app_module.build_window(None, settings=settings, dialogs=dialogs)
    qtbot.addWidget(window)
    assert window.session is not None and window.session.report.path == target
    assert settings.last_file == target.resolve()
    window.close_report()


def test_start_up_does_not_load_export_libraries(demo_path: Path, tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from esgdesk.gui.app import build_window, create_app
        from esgdesk.gui.settings import AppSettings
        app = create_app()
        window = build_window(Path({str(demo_path)!r}), settings=AppSettings.at(Path({str(tmp_path / "s.ini")!r})))
        window.show()
        app.processEvents()
        assert window.session is not None
        heavy = ("openpyxl", "lxml", "arelle", "numpy",
                 # built or loaded when first asked for: the dashboard tab, the workflow (a collection
                 # file or a group report), the earlier-years view
                 "esgdesk.gui.dashboard", "esgdesk.core.workflow", "esgdesk.gui.history_view",
                 "tomllib",  # forms/ only: a report carries its catalogue
                 # filled right after the first paint (the findings come then too)
                 "esgdesk.gui.findings_panel", "esgdesk.gui.details",
                 # the server store and its driver: only when a report's URL is opened
                 "psycopg", "esgdesk.core.store.server.report", "esgdesk.core.store.server.connect",
                 # evidence and restatements: only for a report that has some, or when one is made
                 "esgdesk.core.evidence", "esgdesk.core.restatements", "esgdesk.gui.restate",
                 # reading typed figures (its patterns compile on import) and server addresses
                 "esgdesk.core.parser", "esgdesk.core.server_url")
        print(",".join(m for m in heavy if m in sys.modules) or "none")
        window.tabs.setCurrentIndex(1)
        window.finish_building()
        app.processEvents()
        later = ("esgdesk.gui.dashboard", "esgdesk.gui.findings_panel", "esgdesk.gui.details")
        print("built" if all(m in sys.modules for m in later) else "missing")
        from esgdesk.gui.form_model import Role
        selected = window.form_view.currentIndex().data(Role.INDICATOR)
        print("same figure" if selected and window.details.indicator_id == selected else "details lost the figure")
        window.close_report()
    """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    # the details pane, built after the paint, shows the figure the form has selected
    assert result.stdout.strip().splitlines()[-3:] == ["none", "built", "same figure"]


def test_import_a_workbook_previews_asks_then_writes(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path, mini_catalogue: Any
) -> None:
    from esgdesk.exports.xlsx import export_workbook

    source = tmp_path / "from-hr.esg"
    with Report.create(source, mini_catalogue, company="ACME Ltd", year=2023, entity_id="acme") as other:
        other.set_text("staff", "120")
        book = export_workbook(other, tmp_path / "from-hr.xlsx")
    assert mini_window.act_import is not None and mini_window.act_import.isEnabled()
    dialogs.answer("ask_open_path", book)
    dialogs.answer("confirm", True)
    mini_window.act_import.trigger()
    qtbot.waitUntil(lambda: "Imported" in mini_window.statusBar().currentMessage(), timeout=20000)
    assert "1 figures would change" in dialogs.texts("confirm")[-1]
    assert _session_report(mini_window).get("staff").number == 120
    row = mini_window.form_model.row_of("staff")
    assert row is not None
    assert mini_window.form_model.index(row, Col.CURRENT).data() == "120"


def test_import_from_a_report_that_names_its_entity_otherwise_says_how_it_matched(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path, mini_catalogue: Any
) -> None:
    from esgdesk.exports.xlsx import export_workbook

    with Report.create(
        tmp_path / "old.esg", mini_catalogue, company="ACME Ltd", year=2023, entity_id="acme_old"
    ) as other:
        other.set_text("staff", "130")
        book = export_workbook(other, tmp_path / "old.xlsx")
    dialogs.answer("ask_open_path", book)
    dialogs.answer("confirm", True)
    assert mini_window.act_import is not None
    mini_window.act_import.trigger()
    qtbot.waitUntil(lambda: "Imported" in mini_window.statusBar().currentMessage(), timeout=20000)
    assert (
        "the workbook's entity 'acme_old' is taken as this report's only entity 'acme'" in dialogs.texts("confirm")[-1]
    )
    assert _session_report(mini_window).get("staff").number == 130


def test_export_workbook_with_the_real_exporter(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    _session_report(mini_window).set_text("staff", "120")
    out = tmp_path / "mini.xlsx"
    dialogs.answer("ask_save_path", out)
    mini_window.act_export_xlsx.trigger()
    qtbot.waitUntil(lambda: "Exported" in mini_window.statusBar().currentMessage(), timeout=20000)
    assert out.stat().st_size > 0
    assert not dialogs.texts("error")


def test_export_xbrl_into_a_folder(qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path) -> None:
    out = tmp_path / "xbrl"
    dialogs.answer("ask_directory", out)
    demo_window.act_export_xbrl.trigger()
    qtbot.waitUntil(
        lambda: "Exported" in demo_window.statusBar().currentMessage() or bool(dialogs.texts("error")), timeout=60000
    )
    assert not dialogs.texts("error")
    assert any(out.iterdir())


def test_export_xbrl_with_the_viewer_opens_it_in_the_browser(
    qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    out = tmp_path / "xbrl"
    dialogs.answer("ask_directory", out)
    dialogs.answer("confirm", True)  # "also write an interactive viewer page and open it?"
    demo_window.act_export_xbrl.trigger()
    qtbot.waitUntil(lambda: bool(dialogs.texts("open_in_browser")) or bool(dialogs.texts("error")), timeout=120000)
    assert not dialogs.texts("error")
    opened = [args[0] for m, args in dialogs.asked if m == "open_in_browser"]
    assert opened == sorted(out.glob("*-viewer.html")) and (out / "ixbrlviewer.js").is_file()
    assert "interactive viewer" in dialogs.texts("confirm")[0]


def test_export_xbrl_without_the_viewer_writes_no_page(
    qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    out = tmp_path / "xbrl"
    dialogs.answer("ask_directory", out)
    dialogs.answer("confirm", False)
    demo_window.act_export_xbrl.trigger()
    qtbot.waitUntil(
        lambda: "Exported" in demo_window.statusBar().currentMessage() or bool(dialogs.texts("error")), timeout=60000
    )
    assert not dialogs.texts("error") and not dialogs.texts("open_in_browser")
    assert any(out.glob("*.xhtml")) and not any(out.glob("*-viewer.html"))


def test_details_show_where_the_template_corrects_the_printed_report(qtbot: Any, demo_window: MainWindow) -> None:
    assert demo_window.select_cell("employees_total")
    note = demo_window.details.note
    assert not note.isHidden() and "Number of employees hired" in note.text()
    assert demo_window.select_cell("ghg_total")
    assert note.isHidden()


def test_the_details_pane_built_after_the_first_paint_names_the_year(demo_window: MainWindow) -> None:
    assert demo_window.select_cell("electricity_total")
    demo_window.finish_building()  # what the app does right after its first paint
    details = demo_window.details
    assert details.explanation_title.text() == "Explanation of 2023"


def test_export_xbrl_into_a_folder_of_other_files_writes_a_folder_of_its_own(
    qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "budget.xlsx").write_bytes(b"PK the user's own file")
    dialogs.answer("ask_directory", documents)
    dialogs.answer("confirm", False)
    demo_window.act_export_xbrl.trigger()
    qtbot.waitUntil(
        lambda: "Exported" in demo_window.statusBar().currentMessage() or bool(dialogs.texts("error")), timeout=60000
    )
    assert not dialogs.texts("error")
    assert (documents / "budget.xlsx").read_bytes() == b"PK the user's own file"
    [inner] = [p for p in documents.iterdir() if p.is_dir()]
    assert inner.name.endswith("-xbrl") and any(inner.glob("*.xhtml"))
    assert str(inner) in demo_window.statusBar().currentMessage()
