"""Typing over a published figure in the form opens the restatement dialog; the restatement is undoable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from esgdesk.gui.form_model import RESTATED_MARK, Col
from esgdesk.gui.main_window import MainWindow
from tests.gui.test_gui_editing import _go, _report, _type

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs


def test_a_published_figure_typed_over_is_restated_with_a_reason_and_undone(
    qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs
) -> None:
    rep = _report(demo_window)
    published = rep.get("water_total", 2022)
    assert published is not None and rep.is_published(2022)
    dialogs.answer("ask_text", "The 2022 meter reading was misread")
    _go(demo_window, "water_total", Col.PRIOR)
    _type(qtbot, demo_window, "17,000")
    [(title, prompt)] = [args for m, args in dialogs.asked if m == "ask_text"]
    assert "2022" in title and "Restate" in title and "17,000" in prompt
    restated = rep.get("water_total", 2022)
    assert restated is not None and restated.number == 17000
    rest = rep.restatement("water_total", 2022)
    assert rest is not None and rest.previous == published and rest.reason == "The 2022 meter reading was misread"
    model = demo_window.form_model
    row = model.row_of("water_total")
    assert row is not None
    cell = model.index(row, Col.PRIOR)
    assert cell.data().endswith(RESTATED_MARK)
    assert "misread" in cell.data(3)  # the tooltip gives the reason
    demo_window.session.undo_stack.undo()
    assert rep.get("water_total", 2022) == published and rep.restatement("water_total", 2022) is None
    assert not model.index(row, Col.PRIOR).data().endswith(RESTATED_MARK)
    demo_window.session.undo_stack.redo()
    assert rep.restatement("water_total", 2022) is not None


def test_a_cancelled_restatement_changes_nothing(qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs) -> None:
    rep = _report(demo_window)
    published = rep.get("water_total", 2022)
    _go(demo_window, "water_total", Col.PRIOR)
    _type(qtbot, demo_window, "17,000")  # the dialog is answered with Cancel
    assert rep.get("water_total", 2022) == published and rep.restatements() == {}
    assert demo_window.session.undo_stack.count() == 0


def test_an_unpublished_prior_year_is_not_editable(mini_window: MainWindow) -> None:
    model = mini_window.form_model
    assert mini_window.select_cell("electricity")
    row = model.row_of("electricity")
    assert row is not None
    assert model.flags(model.index(row, Col.CURRENT)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(row, Col.PRIOR)) & Qt.ItemFlag.ItemIsEditable


def test_the_demos_printed_2022_waste_density_is_restated_in_the_form(
    qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs
) -> None:
    rep = _report(demo_window)
    dialogs.answer("ask_text", "Printed ten times too high in the 2022 report")
    _go(demo_window, "waste_nonhazardous_density", Col.PRIOR)
    _type(qtbot, demo_window, "0.055")
    restated = rep.get("waste_nonhazardous_density", 2022)
    rest = rep.restatement("waste_nonhazardous_density", 2022)
    assert restated is not None and restated.number == 0.055
    assert rest is not None and rest.previous is not None and rest.previous.number == 0.55
    model = demo_window.form_model
    row = model.row_of("waste_nonhazardous_density")
    assert row is not None and model.index(row, Col.PRIOR).data().endswith(RESTATED_MARK)
    # A computed figure with nothing published for it stays the engine's: not typed, not restated.
    assert rep.get("ghg_scope1", 2022) is None
    assert demo_window.select_cell("ghg_scope1")
    ghg = model.row_of("ghg_scope1")
    assert ghg is not None and not model.flags(model.index(ghg, Col.PRIOR)) & Qt.ItemFlag.ItemIsEditable
