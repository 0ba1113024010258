"""Editing figures through the section form, as a user does it: with the keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView

from esgdesk.core.store import Report
from esgdesk.core.values import Key
from esgdesk.gui.form_model import Col, Role
from esgdesk.gui.main_window import MainWindow

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs


def _go(window: MainWindow, indicator: str, column: Col = Col.CURRENT) -> None:
    assert window.select_cell(indicator)
    row = window.form_model.row_of(indicator)
    assert row is not None
    window.form_view.select_cell(row, column)


def _type(qtbot: Any, window: MainWindow, text: str, key: Qt.Key = Qt.Key.Key_Return) -> None:
    view = window.form_view
    qtbot.keyClicks(view, text[:1])  # the first key opens the editor and lands in it
    editor = view.focusWidget()
    assert view.state() == QAbstractItemView.State.EditingState
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, key)
    qtbot.wait(20)  # Qt commits on Enter through a queued call


def _report(window: MainWindow) -> Report:
    assert window.session is not None
    return window.session.report


def test_typed_value_with_a_unit_is_converted_stored_and_validated(qtbot: Any, mini_window: MainWindow) -> None:
    _go(mini_window, "electricity")
    _type(qtbot, mini_window, "3.2 MWh")
    value = _report(mini_window).get("electricity")
    assert value is not None and value.number == 3200
    assert value.entered == "3.2 MWh"
    row = mini_window.form_model.row_of("electricity")
    assert row is not None
    assert mini_window.form_model.index(row, Col.CURRENT).data() == "3,200"
    # Enter moved the cursor down to the next row, same column.
    assert mini_window.form_view.currentIndex().row() == row + 1
    assert mini_window.form_view.currentIndex().column() == Col.CURRENT
    assert "Saved to mini.esg" in mini_window.statusBar().currentMessage()
    # The figure is on disk: a second reader sees it.
    with Report.open(_report(mini_window).path, readonly=True) as other:
        again = other.get("electricity")
        assert again is not None and again.number == 3200


def test_a_value_out_of_range_is_kept_and_flagged(qtbot: Any, mini_window: MainWindow) -> None:
    _go(mini_window, "electricity")
    _type(qtbot, mini_window, "-5")
    value = _report(mini_window).get("electricity")
    assert value is not None and value.number == -5
    row = mini_window.form_model.row_of("electricity")
    assert row is not None
    assert mini_window.form_model.index(row, Col.STATUS).data(Role.SEVERITY) == "error"
    messages = [f.message for f in mini_window.findings.model.items]
    assert any("below the smallest plausible value" in m for m in messages)


def test_a_refused_value_keeps_the_editor_open_and_says_why(qtbot: Any, mini_window: MainWindow) -> None:
    _go(mini_window, "staff")
    _type(qtbot, mini_window, "12.5")
    assert _report(mini_window).get("staff") is None
    view = mini_window.form_view
    assert view.state() == QAbstractItemView.State.EditingState
    assert "whole numbers" in mini_window.form_message.text()
    assert "Employees" in mini_window.form_message.text()
    editor = view.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert view.state() != QAbstractItemView.State.EditingState
    assert _report(mini_window).get("staff") is None


def test_set_data_never_writes_a_refused_entry(mini_window: MainWindow) -> None:
    model = mini_window.form_model
    row = model.row_of("electricity")
    assert row is not None
    assert model.setData(model.index(row, Col.CURRENT), "twelve and a half kWh") is False
    assert _report(mini_window).get("electricity") is None
    intensity = model.row_of("electricity_intensity")
    assert intensity is not None
    assert not model.flags(model.index(intensity, Col.CURRENT)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(intensity, Col.CURRENT), "5") is False


def test_tab_moves_across_to_the_explanation(qtbot: Any, mini_window: MainWindow) -> None:
    _go(mini_window, "electricity")
    _type(qtbot, mini_window, "1000", Qt.Key.Key_Tab)
    assert _report(mini_window).get("electricity") is not None
    view = mini_window.form_view
    assert view.currentIndex().column() == Col.EXPLANATION
    editor = view.focusWidget()
    qtbot.keyClicks(editor, "New meter installed")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    expl = _report(mini_window).explanation("electricity")
    assert expl is not None and expl.text == "New meter installed"
    assert expl.author == "tester"


def test_undo_and_redo_through_the_edit_menu(qtbot: Any, mini_window: MainWindow) -> None:
    _go(mini_window, "electricity")
    _type(qtbot, mini_window, "1000")
    _go(mini_window, "electricity")
    _type(qtbot, mini_window, "1500")
    report = _report(mini_window)
    assert report.get("electricity").number == 1500
    assert mini_window.act_undo.isEnabled()
    mini_window.act_undo.trigger()
    assert report.get("electricity").number == 1000
    mini_window.act_undo.trigger()
    assert report.get("electricity") is None
    assert "Undone" in mini_window.statusBar().currentMessage()
    mini_window.act_redo.trigger()
    assert report.get("electricity").number == 1000
    # The undo itself is on record.
    whys = [e.why for e in report.audit_log(indicator="electricity") if e.field == "value"]
    assert "undo" in whys
    row = mini_window.form_model.row_of("electricity")
    assert row is not None
    assert mini_window.form_model.index(row, Col.CURRENT).data() == "1,000"


def test_undo_shortcuts_are_the_platform_standard(mini_window: MainWindow) -> None:
    from PySide6.QtGui import QKeySequence

    assert mini_window.act_undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert mini_window.act_redo.shortcut() == QKeySequence(QKeySequence.StandardKey.Redo)


def test_paste_a_column_from_a_spreadsheet(qtbot: Any, mini_window: MainWindow) -> None:
    _go(mini_window, "staff")
    QGuiApplication.clipboard().setText("120\r\n70\r\n50\r\n")
    qtbot.keyClick(mini_window.form_view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    report = _report(mini_window)
    assert [report.get(i).number for i in ("staff", "staff_male", "staff_female")] == [120, 70, 50]
    mini_window.act_undo.trigger()  # one paste, one undo step
    assert all(report.get(i) is None for i in ("staff", "staff_male", "staff_female"))


def test_paste_with_a_bad_value_names_it_and_asks(qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs) -> None:
    _go(mini_window, "staff")
    QGuiApplication.clipboard().setText("120\n7.5\n50\n")
    dialogs.answer("confirm", False)
    mini_window.form_view.paste()
    report = _report(mini_window)
    assert report.get("staff") is None  # declined: nothing written
    question = dialogs.texts("confirm")[-1]
    assert "Male employees" in question and "1 of 3" in question
    dialogs.answer("confirm", True)
    mini_window.form_view.paste()
    assert report.get("staff").number == 120
    assert report.get("staff_male") is None
    assert report.get("staff_female").number == 50


def test_copy_gives_tab_separated_cells(qtbot: Any, mini_window: MainWindow) -> None:
    report = _report(mini_window)
    report.set_text("staff", "120")
    report.set_text("staff_male", "70")
    model = mini_window.form_model
    view = mini_window.form_view
    top = model.row_of("staff")
    assert top is not None
    view.clearSelection()
    for r in (top, top + 1):
        for c in (Col.LABEL, Col.CURRENT):
            view.selectionModel().select(model.index(r, c), view.selectionModel().SelectionFlag.Select)
    view.copy()
    assert QGuiApplication.clipboard().text() == "Employees\t120\nMale employees\t70\n"


def test_delete_clears_a_figure(qtbot: Any, mini_window: MainWindow) -> None:
    report = _report(mini_window)
    report.set_text("staff", "120")
    _go(mini_window, "staff")
    qtbot.keyClick(mini_window.form_view, Qt.Key.Key_Delete)
    assert report.get("staff") is None
    mini_window.act_undo.trigger()
    assert report.get("staff").number == 120


def test_the_change_colour_follows_the_year_over_year_finding_and_its_floor(
    qtbot: Any, demo_window: MainWindow
) -> None:
    """nmhc_concentration: 30 % threshold and a floor of 0.5 mg/m3; the demo's prior year is 1.2."""
    report = _report(demo_window)
    session = demo_window.session
    assert session is not None
    model = demo_window.form_model
    ind = "nmhc_concentration"
    assert demo_window.select_cell(ind)
    row = model.row_of(ind)
    assert row is not None
    # 1.6 is +33 % but only 0.4 mg/m3: under the floor, no finding, so no colour either
    for current, expected in (("1.6", False), ("2.0", True), ("1.3", False)):
        session.apply([(Key(report.entity, ind, report.year), session.parse(ind, current))])
        qtbot.wait(10)
        assert model.index(row, Col.CHANGE).data().startswith("+")
        assert any(f.rule == "yoy" and not f.explained for f in session.findings_for(ind)) is expected
        assert (model.index(row, Col.CHANGE).data(Qt.ItemDataRole.ForegroundRole) is not None) is expected, current
