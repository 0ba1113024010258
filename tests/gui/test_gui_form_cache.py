"""The form keeps what it paints per row: what it shows must always be what the report says now,
and the first window shows its figures before the findings that follow it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from esgdesk.core.validation import validate
from esgdesk.gui import i18n
from esgdesk.gui.app import build_window
from esgdesk.gui.form_model import Col, FormModel, Role
from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.session import deferred_checks
from esgdesk.gui.settings import AppSettings

PAINTED = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.SizeHintRole,
    Role.INDICATOR,
    Role.DEPTH,
    Role.COMPUTED,
    Role.SEVERITY,
    Role.YEAR,
]


def _plain(value: Any) -> Any:
    """Qt values compared by what they show."""
    if hasattr(value, "cacheKey") and hasattr(value, "pixmap"):  # QIcon
        return ("icon", value.pixmap(16, 16).toImage())
    if hasattr(value, "italic"):  # QFont
        return ("font", value.bold(), value.italic())
    if hasattr(value, "color") and hasattr(value, "style"):  # QBrush
        return ("brush", value.color().rgba())
    return value


def _shown(model: FormModel) -> list[list[list[Any]]]:
    return [
        [[_plain(model.index(r, c).data(role)) for role in PAINTED] for c in range(len(Col))]
        for r in range(model.rowCount())
    ]


def _computed(model: FormModel) -> list[list[list[Any]]]:
    return [
        [[_plain(model._data(model.index(r, c), int(role))) for role in PAINTED] for c in range(len(Col))]
        for r in range(model.rowCount())
    ]


def test_every_painted_cell_is_what_the_model_works_out_afresh(demo_window: MainWindow) -> None:
    model = demo_window.form_model
    assert demo_window.session is not None
    for section in demo_window.session.report.catalogue.sections:
        demo_window.show_section(section)
        assert _shown(model) == _computed(model), section


def test_an_edit_shows_at_once_in_its_row_and_in_what_it_changes(qtbot: Any, demo_window: MainWindow) -> None:
    model = demo_window.form_model
    assert demo_window.select_cell("water_total")
    row = model.row_of("water_total")
    assert row is not None
    before = _shown(model)
    model.setData(model.index(row, Col.CURRENT), "50,000 m3")
    assert model.index(row, Col.CURRENT).data() == "50,000"
    assert _shown(model) == _computed(model)
    assert _shown(model) != before
    assert demo_window.session is not None
    demo_window.session.undo_stack.undo()
    assert _shown(model) == before


def test_a_new_language_shows_at_once(demo_window: MainWindow) -> None:
    model = demo_window.form_model
    label = model.index(0, Col.LABEL).data()
    i18n.set_language("zh")
    model.retranslate()
    assert model.index(0, Col.LABEL).data() != label
    assert _shown(model) == _computed(model)


def test_every_row_is_as_tall_as_its_contents(demo_window: MainWindow) -> None:
    view = demo_window.form_view
    assert demo_window.session is not None
    for section in list(demo_window.session.report.catalogue.sections)[:8]:
        demo_window.show_section(section)
        for r in range(view.model().rowCount()):
            assert view.rowHeight(r) >= view.sizeHintForRow(r), (section, r)
    font = view.font()
    font.setPointSize(font.pointSize() * 2)
    view.setFont(font)
    assert view.rowHeight(0) >= view.sizeHintForRow(0)


def test_the_first_window_shows_figures_first_and_findings_right_after(
    qtbot: Any, demo_path: Path, settings: AppSettings, dialogs: Any
) -> None:
    with deferred_checks() as waiting:
        window = build_window(demo_path, settings=settings, dialogs=dialogs)
    qtbot.addWidget(window)
    session = window.session
    assert session is not None and waiting == [session] and session.pending
    assert session.engine.findings() == []
    computed = next(
        i
        for i in session.report.catalogue.ordered_indicators()
        if i.computed and session.number(i.id, session.year) is not None
    )
    shown_before = session.display(computed.id, session.year)
    assert shown_before  # the computed figure is there for the first paint

    with qtbot.waitSignal(session.refreshed):
        session.check_pending()
    assert not session.pending
    expected = validate(session.report)
    assert len(session.engine.findings()) == len(expected) > 0
    assert session.display(computed.id, session.year) == shown_before
    section = window.form_model.section_id
    assert section is not None
    assert _shown(window.form_model) == _computed(window.form_model)
    window.close_report()
    session.check_pending()  # a check that comes after the report closed does nothing
