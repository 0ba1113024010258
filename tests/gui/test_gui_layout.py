"""The form gives its width to the indicator's label; the history shows old and new figures whole."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from esgdesk.gui.form_model import Col
from esgdesk.gui.main_window import MainWindow


def _label_needs(window: MainWindow, row: int) -> int:
    model = window.form_model
    index = model.index(row, Col.LABEL)
    font = index.data(Qt.ItemDataRole.FontRole)
    metrics = QFontMetrics(font if isinstance(font, QFont) else window.form_view.font())
    icon = 22 if index.data(Qt.ItemDataRole.DecorationRole) is not None else 0
    return (
        metrics.horizontalAdvance(str(index.data()))
        + icon
        + 18 * int(index.data(Qt.ItemDataRole.UserRole + 2) or 0)
        + 12
    )


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1920, 1080)])
def test_the_label_column_takes_the_spare_width(qtbot: Any, demo_window: MainWindow, width: int, height: int) -> None:
    demo_window.resize(width, height)
    demo_window.fit_docks()
    qtbot.waitUntil(lambda: demo_window.width() == width)
    demo_window.select_cell("ghg_total")
    header = demo_window.form_view.horizontalHeader()
    sizes = {c: header.sectionSize(c) for c in Col}
    assert sizes[Col.LABEL] == max(sizes.values())
    assert sizes[Col.LABEL] > 1.5 * sizes[Col.EXPLANATION]
    # No column runs past the view: the table needs no sideways scrolling.
    assert sum(sizes.values()) <= demo_window.form_view.viewport().width()
    if width >= 1920:
        model = demo_window.form_model
        for row in range(model.rowCount()):
            assert sizes[Col.LABEL] >= _label_needs(demo_window, row), model.index(row, Col.LABEL).data()


def test_labels_are_cut_in_the_middle_and_shown_whole_in_the_tooltip(demo_window: MainWindow) -> None:
    from esgdesk.gui.form_view import FormDelegate

    demo_window.select_cell("ghg_total")
    index = demo_window.form_model.index(0, Col.LABEL)
    delegate = demo_window.form_view.itemDelegate()
    assert isinstance(delegate, FormDelegate)
    assert delegate.elide_mode(Col.LABEL) == Qt.TextElideMode.ElideMiddle
    assert delegate.elide_mode(Col.EXPLANATION) == Qt.TextElideMode.ElideRight
    assert str(index.data(Qt.ItemDataRole.ToolTipRole)).startswith(str(index.data()))
    number = demo_window.form_model.index(0, Col.CURRENT)
    assert int(number.data(Qt.ItemDataRole.TextAlignmentRole)) & int(Qt.AlignmentFlag.AlignRight)


def test_a_column_the_user_widened_stays_so(qtbot: Any, demo_window: MainWindow) -> None:
    header = demo_window.form_view.horizontalHeader()
    header.resizeSection(Col.EXPLANATION, 333)
    demo_window.resize(demo_window.width() - 120, demo_window.height())
    qtbot.wait(10)
    assert header.sectionSize(Col.EXPLANATION) == 333


def test_history_shows_old_and_new_whole(qtbot: Any, mini_window: MainWindow) -> None:
    report = mini_window.session.report if mini_window.session else None
    assert report is not None
    report.set_text("electricity", "1,234,567.89 kWh", why="meter")
    report.set_text("electricity", "2,345,678.91 kWh", why="the second meter reading was added after the audit")
    mini_window.select_cell("electricity")
    history = mini_window.details.history
    model = mini_window.details.history_model
    assert model.rowCount() == 2
    metrics = history.fontMetrics()
    for col in (2, 3):
        text = str(model.index(0, col).data())
        assert text and history.columnWidth(col) >= metrics.horizontalAdvance(text), text
    tip = str(model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))
    assert "the second meter reading was added after the audit" in tip
    assert "Old: 1,234,567.89" in tip and "New: 2,345,678.91" in tip
