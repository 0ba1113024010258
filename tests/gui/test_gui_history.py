"""The details chart shows every year a report holds; the change against a base year is shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from esgdesk.core.store import Report
from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.settings import AppSettings
from tests.core.test_history import _chain
from tests.gui.conftest import FakeDialogs, _window


def test_chart_shows_every_year_of_a_three_year_roll_forward(
    qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, mini: Report, tmp_path: Path
) -> None:
    last = _chain(mini, tmp_path)
    with Report.open(last) as rep:
        rep.set_base_year("electricity", 2022)
    window: MainWindow = _window(qtbot, settings, dialogs, last)
    try:
        assert window.select_cell("electricity")
        chart = window.details.chart
        assert chart.points == [(2022, 1000.0), (2023, 1100.0), (2024, 1200.0), (2025, 1300.0), (2026, 1400.0)]
        assert window.details.base_line.isVisibleTo(window.details)
        assert window.details.base_line.text() == "2026 against the base year 2022: +40.0%"
    finally:
        window.close_report()


def test_the_form_shows_earlier_years_before_the_prior_year(
    qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, mini: Report, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    from esgdesk.gui.form_model import Col

    last = _chain(mini, tmp_path)
    window: MainWindow = _window(qtbot, settings, dialogs, last)
    try:
        assert window.select_cell("electricity")
        dialogs.answer("ask_int", 2)
        window.act_earlier_years.trigger()
        model, header = window.form_model, window.form_view.horizontalHeader()
        assert model.columnCount() == len(Col) + 2
        row = model.row_of("electricity")
        assert row is not None
        shown = sorted(range(model.columnCount()), key=header.visualIndex)
        years = [model.headerData(c, Qt.Orientation.Horizontal) for c in shown][2:6]
        assert years == ["2023", "2024", "2025", "2026"]  # oldest on the left, then prior and current
        assert [model.index(row, c).data() for c in shown][2:6] == ["1,100", "1,200", "1,300", "1,400"]
        assert not model.flags(model.index(row, len(Col))) & Qt.ItemFlag.ItemIsEditable
        [(_title, prompt)] = [args[:2] for m, args in dialogs.asked if m == "ask_int"]
        assert "2022" in prompt
    finally:
        window.close_report()


def test_the_workbook_export_asks_how_many_years_when_more_are_held(
    qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, mini: Report, tmp_path: Path
) -> None:
    from python_calamine import CalamineWorkbook

    last = _chain(mini, tmp_path)
    window: MainWindow = _window(qtbot, settings, dialogs, last)
    try:
        out = tmp_path / "kpi.xlsx"
        dialogs.answer("ask_save_path", out)
        dialogs.answer("choose", 1)  # the second choice: three years
        window.act_export_xlsx.trigger()
        qtbot.waitUntil(lambda: not window.jobs and out.exists(), timeout=20000)
        [(_t, _p, items)] = [args for m, args in dialogs.asked if m == "choose"]
        assert items[:2] == ["2 years (2025–2026)", "3 years (2024–2026)"]
        head = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Environmental").to_python()[2]
        assert {"2024", "2025", "2026"} <= set(head)
    finally:
        window.close_report()
