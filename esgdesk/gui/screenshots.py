"""Render screenshots of the main window from the demo report, offscreen.

    QT_QPA_PLATFORM=offscreen python -m esgdesk.gui.screenshots docs/screenshots

Writes form.png, findings.png, details.png, dashboard.png, form-zh.png and form-dark.png
(the platform's dark palette, as a desktop in dark mode hands it to Qt). The demo is
written to a temporary folder; the user's settings and reports are not touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette

SHOTS = ("form", "findings", "details", "dashboard", "form-zh", "form-dark")


def render(outdir: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from esgdesk.core.demo import write_demo
    from esgdesk.gui import i18n
    from esgdesk.gui.app import create_app
    from esgdesk.gui.main_window import MainWindow
    from esgdesk.gui.settings import AppSettings

    outdir.mkdir(parents=True, exist_ok=True)
    app = create_app()
    app.setStyle("Fusion")
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="esgdesk-shots-") as tmp:
        os.environ.setdefault("ESGDESK_USER", "ESG Office")
        demo = write_demo(Path(tmp) / "luster-2023.esg")
        settings = AppSettings.at(Path(tmp) / "settings.ini")
        i18n.set_language("en")
        window = MainWindow(settings)
        window.resize(1500, 940)
        window.open_path(demo)
        window.show()

        def settle() -> None:
            for _ in range(5):
                app.processEvents()

        def shot(name: str) -> None:
            settle()
            path = outdir / f"{name}.png"
            window.grab().save(str(path))
            written.append(path)

        # The form: emissions, with computed intensities and a breakdown.
        window.select_cell("ghg_total", window.session.year if window.session else None)
        shot("form")
        # Findings of the whole report, one selected and its cell shown.
        window.findings.whole_report(True)
        if window.findings.model.rowCount():
            window.findings.select_finding(0)
        shot("findings")
        # Details with the chart: an indicator with both years.
        window.findings.whole_report(False)
        target = _indicator_with_history(window)
        if target:
            window.select_cell(target)
        shot("details")
        window.tabs.setCurrentIndex(1)
        shot("dashboard")
        window.tabs.setCurrentIndex(0)
        window.set_language("zh")
        shot("form-zh")
        window.set_language("en")
        app.setPalette(dark_palette())
        window.select_cell("employees_total")
        shot("form-dark")
        app.setPalette(app.style().standardPalette())
        window.close()
        settle()
    QApplication.processEvents()
    return written


def dark_palette() -> QPalette:
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette()
    role = QPalette.ColorRole
    for r, colour in (
        (role.Window, "#2b2b2b"), (role.WindowText, "#e6e6e6"), (role.Base, "#1f1f1f"),
        (role.AlternateBase, "#262626"), (role.Text, "#e6e6e6"), (role.Button, "#353535"),
        (role.ButtonText, "#e6e6e6"), (role.Highlight, "#2f6fb0"), (role.HighlightedText, "#ffffff"),
        (role.Mid, "#5a5a5a"), (role.PlaceholderText, "#9a9a9a"), (role.ToolTipBase, "#353535"),
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
    if len(args) != 1:
        print("usage: python -m esgdesk.gui.screenshots OUTDIR", file=sys.stderr)
        return 2
    for path in render(Path(args[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
