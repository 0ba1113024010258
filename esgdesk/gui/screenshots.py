"""Render screenshots of the app from the demo report, offscreen.

    QT_QPA_PLATFORM=offscreen python -m esgdesk.gui.screenshots docs/screenshots

Writes form.png (the emissions section), office-menu.png (the ESG office menu open),
findings.png (the R&D ratio error selected), details.png (history and chart), dashboard.png,
form-zh.png, form-dark.png (the platform's dark palette, as a desktop in dark mode hands it to
Qt), department.png (a department's collection file), merge.png (the merge preview), and
form-1280x800.png / form-1920x1080.png (the form on a small and a large screen), restatement.png
(the demo's 2022 waste density restated, its history in the details pane) and evidence.png (a
figure's attached evidence), catalogue.png (ESG Office → Catalogue on an indicator) and
framework-index.png (View → Framework Index: the guideline's topic index of the demo). The demo is written to a temporary folder; the user's settings and
reports are not touched. `--only NAME,...` writes only the named shots.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette, QPixmap

    from esgdesk.gui.main_window import MainWindow

SHOTS = (
    "form",
    "office-menu",
    "findings",
    "details",
    "dashboard",
    "form-zh",
    "form-dark",
    "department",
    "merge",
    "form-1280x800",
    "form-1920x1080",
    "restatement",
    "evidence",
    "catalogue",
    "new-report",
    "framework-index",
)
SIZE = (1440, 900)


def render(outdir: Path, only: set[str] | None = None) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from esgdesk.core.demo import write_demo
    from esgdesk.gui import i18n
    from esgdesk.gui.app import build_window, create_app
    from esgdesk.gui.settings import AppSettings

    outdir.mkdir(parents=True, exist_ok=True)
    app = create_app()
    app.setStyle("Fusion")
    written: list[Path] = []

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def save(name: str, pixmap: QPixmap) -> None:
        if only is not None and name not in only:
            return
        path = outdir / f"{name}.png"
        pixmap.save(str(path))
        written.append(path)

    with tempfile.TemporaryDirectory(prefix="esgdesk-shots-") as tmp:
        os.environ.setdefault("ESGDESK_USER", "ESG Office")
        demo = write_demo(Path(tmp) / "luster-2023.esg")
        settings = AppSettings.at(Path(tmp) / "settings.ini")
        i18n.set_language("en")
        window = build_window(demo, settings=settings)
        window.resize(*SIZE)
        window.show()
        window.finish_building()  # what the app does right after its first paint
        window.fit_docks()
        settle()

        def shot(name: str) -> None:
            settle()
            save(name, window.grab())

        year = window.session.year if window.session else None
        # The form: emissions, with computed totals and a breakdown, the label column wide.
        window.select_cell("ghg_total", year)
        shot("form")
        save("office-menu", _with_menu(window, "menu.office"))
        # Findings of the whole report, the R&D ratio error selected and its cell shown.
        window.findings.whole_report(True)
        _select_error(window)
        shot("findings")
        # Details with the chart and the history: an indicator with both years.
        window.findings.whole_report(False)
        target = _indicator_with_history(window)
        if target and window.session is not None:
            # An explanation, so the history shows what was written beside the figures.
            window.session.report.set_explanation(
                target, "Fewer staff after the Wuxi assembly line was automated in the second quarter."
            )
            window.select_cell(target)
        shot("details")
        window.tabs.setCurrentIndex(1)
        shot("dashboard")
        window.tabs.setCurrentIndex(0)
        window.set_language("zh")
        window.select_cell("ghg_total", year)
        shot("form-zh")
        window.set_language("en")
        app.setPalette(dark_palette())
        window.select_cell("employees_total")
        shot("form-dark")
        app.setPalette(app.style().standardPalette())
        for w, h in ((1280, 800), (1920, 1080)):
            window.resize(w, h)
            window.fit_docks()
            window.select_cell("ghg_total", year)
            shot(f"form-{w}x{h}")
        window.resize(*SIZE)
        window.fit_docks()
        master = window.session.report if window.session else None
        if master is not None:
            save("merge", _merge_preview(master, Path(tmp)))
            _restatement_and_evidence(window, master, Path(tmp), shot)
            save("catalogue", _catalogue_editor(window))
            save("framework-index", _framework_index(window))
        save("new-report", _new_report_wizard(window))
        window.close()
        settle()

        # A department's view: the HR collection file, opened as the department would.
        collection = Path(tmp) / "luster-2023-hr.esg"
        from esgdesk.core.store import Report
        from esgdesk.core.workflow.collection import issue

        with Report.open(demo) as rep:
            issue(rep, "hr", collection, deadline="2024-03-15")
        dept = build_window(collection, settings=settings)
        dept.resize(*SIZE)
        dept.show()
        dept.finish_building()
        dept.fit_docks()
        dept.select_cell("employees_total")
        settle()
        save("department", dept.grab())
        dept.close()
        settle()
    QApplication.processEvents()
    return written


def _restatement_and_evidence(window: MainWindow, master: object, tmp: Path, shot: Callable[[str], None]) -> None:
    """The demo's 2022 waste density restated (printed ten times too high), and a figure's evidence."""
    from esgdesk.core.store import Report
    from esgdesk.gui.form_model import Col

    assert isinstance(master, Report)
    value = master.parse("waste_nonhazardous_density", "0.055")
    assert value is not None
    master.restate(
        "waste_nonhazardous_density",
        value,
        year=2022,
        reason="Printed as 0.55 in the 2022 report: 1.5 t / RMB 27.49 hundred million is 0.055",
    )
    window.select_cell("waste_nonhazardous_density", master.year - 1)
    row = window.form_model.row_of("waste_nonhazardous_density")
    if row is not None:
        window.form_view.select_cell(row, Col.PRIOR)
    from PySide6.QtWidgets import QScrollArea

    scroll = window.details.findChild(QScrollArea)
    if scroll is not None:  # the history, where the restatement is recorded
        bar = scroll.verticalScrollBar()
        bar.setValue(bar.maximum())
    shot("restatement")
    if scroll is not None:
        scroll.verticalScrollBar().setValue(0)
    master.attach(
        "electricity_total",
        "state-grid-bill-2023-12.pdf",
        b"%PDF-1.4 bill" * 2000,
        note="December bill, State Grid Suzhou",
    )
    master.attach(
        "electricity_total",
        "meter-reading-2023-12-31.jpg",
        b"\xff\xd8 photo" * 9000,
        note="main meter, year-end reading",
    )
    window.select_cell("electricity_total")
    shot("evidence")


def _new_report_wizard(window: MainWindow) -> QPixmap:
    """File → New: the template page, the general template chosen, with its description."""
    from PySide6.QtWidgets import QApplication

    from esgdesk.core.templates import list_templates
    from esgdesk.gui.new_report_wizard import NewReportWizard

    wizard = NewReportWizard(list_templates(), window)
    wizard.resize(760, 520)
    wizard.show()
    for _ in range(5):
        QApplication.processEvents()
    picture = wizard.grab()
    wizard.close()
    return picture


def _framework_index(window: MainWindow) -> QPixmap:
    """View → Framework Index on the demo: the exchanges' guideline's topics, statuses from its figures."""
    from PySide6.QtWidgets import QApplication

    window.show_framework_index()
    dialog = window.index_window
    assert dialog is not None
    dialog.framework.setCurrentIndex(dialog.framework.findData("sse14"))
    dialog.resize(1100, 700)
    for _ in range(5):
        QApplication.processEvents()
    picture = dialog.grab()
    dialog.close()
    return picture


def _catalogue_editor(window: MainWindow) -> QPixmap:
    """The catalogue editor on the scope 2 emissions: a computed indicator with its formula checked."""
    from PySide6.QtWidgets import QApplication

    from esgdesk.gui.office.catalogue_editor import CatalogueEditor

    assert window.session is not None
    editor = CatalogueEditor(window.session, window.dialogs, window)
    editor.resize(1280, 860)
    editor.show()
    index = editor.model.find("indicator", "ghg_scope2")
    editor.tree.setCurrentIndex(index)
    editor.tree.scrollTo(index)
    editor.check_formula(editor.formula.text())
    for _ in range(5):
        QApplication.processEvents()
    picture = editor.grab()
    editor.close()
    return picture


def _with_menu(window: MainWindow, name: str) -> QPixmap:
    """The window with one of its menus drawn open below its title (a popup is a window of its own)."""
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QMenu

    bar = window.menuBar()
    action = next(a for a in bar.actions() if a.menu() is not None and a.menu().objectName() == name)
    menu = action.menu()
    assert isinstance(menu, QMenu)
    rect = bar.actionGeometry(action)
    bar.setActiveAction(action)
    menu.popup(bar.mapToGlobal(rect.bottomLeft()))
    for _ in range(5):
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(bar.mapTo(window, rect.bottomLeft()), menu.grab())
    painter.end()
    menu.hide()
    return picture


def _select_error(window: MainWindow) -> None:
    items = window.findings.model.items
    row = next(
        (n for n, f in enumerate(items) if f.indicator == "rnd_expense_ratio"),
        next((n for n, f in enumerate(items) if f.severity.value == "error"), 0 if items else None),
    )
    if row is not None:
        window.findings.select_finding(row)


def _merge_preview(master: object, tmp: Path) -> QPixmap:
    """The merge preview of a returned EHS file with one conflict to settle."""
    from esgdesk.core.store import Report
    from esgdesk.core.workflow.collection import issue, open_collection
    from esgdesk.core.workflow.merge import preview_merge
    from esgdesk.gui.office.merge_dialog import MergeDialog

    assert isinstance(master, Report)
    path = tmp / "luster-2023-ehs.esg"
    issue(master, "ehs", path)
    with open_collection(path) as c:
        c.set_text("water_total", "19,400 m3", why="meter reading of December added")
        c.set_text("electricity_total", "3,900,000 kWh")
        c.set_text("natural_gas_total", "1,000 m3")
    master.set_text("electricity_total", "3,850,000 kWh", why="corrected by the ESG office")
    dialog = MergeDialog(master, preview_merge(master, [path]))
    dialog.resize(1000, 620)
    dialog.show()
    for _ in range(5):
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
    picture = dialog.grab()
    dialog.close()
    return picture


def dark_palette() -> QPalette:
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette()
    role = QPalette.ColorRole
    for r, colour in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e6e6e6"),
        (role.Base, "#1f1f1f"),
        (role.AlternateBase, "#262626"),
        (role.Text, "#e6e6e6"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e6e6e6"),
        (role.Highlight, "#2f6fb0"),
        (role.HighlightedText, "#ffffff"),
        (role.Mid, "#5a5a5a"),
        (role.PlaceholderText, "#9a9a9a"),
        (role.ToolTipBase, "#353535"),
        (role.ToolTipText, "#e6e6e6"),
    ):
        pal.setColor(r, QColor(colour))
    return pal


def _indicator_with_history(window: object) -> str:
    from esgdesk.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    s = window.session
    if s is None:
        return ""
    for preferred in ("electricity_consumption", "water_consumption", "employees_total"):
        if preferred in s.report.catalogue.indicators and s.number(preferred, s.year) is not None:
            return preferred
    for ind in s.report.catalogue.ordered_indicators():
        if ind.type.numeric and s.number(ind.id, s.year) and s.number(ind.id, s.year - 1):
            return ind.id
    return ""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    only: set[str] | None = None
    if len(args) == 3 and args[1] == "--only":
        only = set(args[2].split(","))
        args = args[:1]
    if len(args) != 1 or (only is not None and not only <= set(SHOTS)):
        print("usage: python -m esgdesk.gui.screenshots OUTDIR [--only NAME,...]", file=sys.stderr)
        return 2
    for path in render(Path(args[0]), only):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
