"""ESG Office → Catalogue: the office adds an indicator and a department types its figure at once;
broken formulas and units are refused in the editor; every change can be undone; a move to another
catalogue is previewed and made only when confirmed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from esgdesk.core import catalogue_edit as ce
from esgdesk.core.catalogue_files import export_forms
from esgdesk.core.store import Report
from esgdesk.gui.form_model import Col, Role
from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.office.catalogue_editor import CatalogueEditor, upgrade_from
from tests.gui.test_gui_editing import _go, _type

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs


def _editor(qtbot: Any, window: MainWindow, dialogs: FakeDialogs) -> CatalogueEditor:
    assert window.session is not None
    editor = CatalogueEditor(window.session, dialogs, window)
    qtbot.addWidget(editor)
    return editor


def _fill(
    qtbot: Any,
    editor: CatalogueEditor,
    *,
    id_: str,
    label: str,
    unit: str,
    section: str,
    minimum: str = "",
    formula: str = "",
) -> None:
    editor.new_indicator()
    qtbot.keyClicks(editor.id_edit, id_)
    qtbot.keyClicks(editor.label_en, label)
    editor.unit.setEditText(unit)
    editor.section.setCurrentIndex(editor.section.findData(section))
    qtbot.keyClicks(editor.min, minimum)
    qtbot.keyClicks(editor.formula, formula)


def _report(window: MainWindow) -> Report:
    assert window.session is not None
    return window.session.report


def test_add_an_indicator_then_type_its_figure_in_the_form(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs
) -> None:
    editor = _editor(qtbot, mini_window, dialogs)
    _fill(qtbot, editor, id_="travel_co2", label="Business travel emissions", unit="t", section="energy", minimum="0")
    qtbot.keyClicks(editor.why, "GRI 305-3 asked for by the board")
    qtbot.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)
    assert not dialogs.texts("error")
    rep = _report(mini_window)
    assert rep.catalogue.indicators["travel_co2"].min == 0 and rep.catalogue.version == "1+1"
    assert editor.model.find("indicator", "travel_co2").isValid()
    editor.close()

    _go(mini_window, "travel_co2")  # the form shows it at once
    _type(qtbot, mini_window, "-4")
    assert rep.get("travel_co2").number == -4
    row = mini_window.form_model.row_of("travel_co2")
    assert row is not None
    assert mini_window.form_model.index(row, Col.STATUS).data(Role.SEVERITY) == "error"  # its range applies
    assert any("below the smallest plausible value" in f.message for f in mini_window.findings.model.items)

    entry = [e for e in rep.audit_log() if e.field == "catalogue"][-1]
    assert entry.indicator == "travel_co2" and entry.source == "app"
    assert entry.why == "GRI 305-3 asked for by the board" and entry.user == rep.user


def test_an_invalid_formula_is_refused_as_it_is_typed_and_on_saving(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs
) -> None:
    editor = _editor(qtbot, mini_window, dialogs)
    before = _report(mini_window).catalogue
    _fill(
        qtbot,
        editor,
        id_="double_power",
        label="Twice the power",
        unit="kWh",
        section="energy",
        formula="electricity * ",
    )
    assert "does not parse" in editor.formula_status.text()
    editor.formula.clear()
    qtbot.keyClicks(editor.formula, "electricity * unicorns")
    assert "unknown indicator 'unicorns'" in editor.formula_status.text()
    qtbot.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)
    assert any("unknown indicator 'unicorns'" in t for t in dialogs.texts("error"))
    assert _report(mini_window).catalogue is before  # nothing applied
    editor.formula.clear()
    qtbot.keyClicks(editor.formula, "electricity * 2")
    assert editor.formula_status.text() == "The formula reads correctly."


def test_an_unknown_unit_is_refused(qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs) -> None:
    editor = _editor(qtbot, mini_window, dialogs)
    before = _report(mini_window).catalogue
    _fill(qtbot, editor, id_="distance", label="Distance flown", unit="parsec", section="energy")
    assert editor.apply() is False
    assert any("unknown unit 'parsec'" in t for t in dialogs.texts("error"))
    assert _report(mini_window).catalogue is before and mini_window.session is not None
    assert mini_window.session.undo_stack.count() == 0


def test_catalogue_changes_are_undoable_like_any_edit(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs
) -> None:
    editor = _editor(qtbot, mini_window, dialogs)
    first = _report(mini_window).catalogue
    _fill(qtbot, editor, id_="travel_co2", label="Business travel emissions", unit="t", section="energy")
    assert editor.apply()
    dialogs.answer("ask_text", "no longer asked")
    editor.show_indicator("note")
    editor.retire()
    assert _report(mini_window).catalogue.indicators["note"].retired == "no longer asked"
    stack = mini_window.session.undo_stack
    stack.undo()
    assert not _report(mini_window).catalogue.indicators["note"].retired
    stack.undo()
    assert set(_report(mini_window).catalogue.indicators) == set(first.indicators)
    assert mini_window.form_model.row_of("travel_co2") is None
    stack.redo()
    assert "travel_co2" in _report(mini_window).catalogue.indicators


def test_the_id_is_fixed_once_the_indicator_holds_figures(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs
) -> None:
    _report(mini_window).set_text("electricity", "10")
    editor = _editor(qtbot, mini_window, dialogs)
    editor.show_indicator("electricity")
    assert not editor.id_edit.isEnabled()
    editor.show_indicator("note")
    assert editor.id_edit.isEnabled()


def test_moving_to_another_catalogue_is_previewed_and_needs_confirmation(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    rep = _report(mini_window)
    rep.set_text("electricity", "1,500 kWh")
    cat = ce.edit_indicator(rep.catalogue, "electricity", {"unit": "MWh", "label": {"en": "Power used"}})
    forms = export_forms(
        ce.add_indicator(
            cat, "energy", {"id": "green_share", "label": {"en": "Green share"}, "unit": "%", "type": "percent"}
        ),
        tmp_path / "forms",
    )
    assert mini_window.session is not None
    assert upgrade_from(mini_window.session, forms, dialogs) is False  # declined: nothing written
    assert "green_share" not in rep.catalogue.indicators
    assert dialogs.texts("confirm_upgrade") == ["1 added, 1 relabelled, 1 unit changed"]
    dialogs.answer("confirm_upgrade", True)
    assert upgrade_from(mini_window.session, forms, dialogs) is True
    assert rep.get("electricity").number == 1.5
    _go(mini_window, "green_share")
    _type(qtbot, mini_window, "35%")
    assert rep.get("green_share").number == 35


def test_sections_and_departments_in_english_and_chinese(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs
) -> None:
    editor = _editor(qtbot, mini_window, dialogs)
    dialogs.answer("ask_text", "procurement", "Procurement", "采购部")
    editor.add_department()
    dialogs.answer("ask_text", "suppliers", "Suppliers", "供应商")
    dialogs.answer("choose", 0, 2)  # the first area; the third department, the one just added
    editor.add_section()
    cat = _report(mini_window).catalogue
    assert cat.department_table["procurement"].name.zh == "采购部"
    assert cat.sections["suppliers"].label.zh == "供应商" and cat.sections["suppliers"].owner == "procurement"
    editor.tree.setCurrentIndex(editor.model.find("section", "suppliers"))
    editor.move_section(-1)
    assert [s.id for s in _report(mini_window).catalogue.areas[0].sections][-2:] == ["suppliers", "money"]
    assert mini_window.tree.tree_model.index_of("suppliers").isValid()  # the window's tree has it too


def test_undoing_an_added_indicator_while_it_is_selected(
    qtbot: Any, mini_window: MainWindow, dialogs: FakeDialogs
) -> None:
    editor = _editor(qtbot, mini_window, dialogs)
    _fill(qtbot, editor, id_="travel_co2", label="Business travel emissions", unit="t", section="energy")
    assert editor.apply()
    _go(mini_window, "travel_co2")
    mini_window.session.undo_stack.undo()
    assert mini_window.form_model.row_of("travel_co2") is None
    assert "travel_co2" not in _report(mini_window).catalogue.indicators
    _go(mini_window, "electricity")
    _type(qtbot, mini_window, "5")
    assert _report(mini_window).get("electricity").number == 5


def test_moving_to_a_template_offered_by_name_in_the_app(
    qtbot: Any, tmp_path: Path, settings: Any, dialogs: FakeDialogs
) -> None:
    from esgdesk.core.store.integrity import check_report
    from esgdesk.core.templates import create_report, load_template

    path = tmp_path / "blank.esg"
    create_report(path, "blank", company="Huaxin Precision Co., Ltd.", year=2024).close()
    from esgdesk.gui.app import build_window

    window = build_window(path, settings=settings, dialogs=dialogs)  # with the ESG office menu, as the app starts
    qtbot.addWidget(window)
    general = load_template("general")
    offered = None

    def pick_general(title: str, prompt: str, items: list[str]) -> int | None:
        nonlocal offered
        offered = items
        return next(i for i, text in enumerate(items) if general.title.en in text)

    dialogs.choose = pick_general  # type: ignore[method-assign]
    dialogs.answer("confirm_upgrade", True)
    window.office.upgrade()  # type: ignore[attr-defined]
    assert offered is not None and offered[-2:] == ["A forms folder…", "Another report file…"]
    assert any(f"({general.indicator_count} indicators)" in text for text in offered)
    rep = _report(window)
    assert set(general.catalogue.indicators) <= set(rep.catalogue.indicators)
    assert not dialogs.texts("error")
    window.close_report()
    assert check_report(path).ok
