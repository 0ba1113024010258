"""Cells drawn in part (a breakdown's indented label, a section's name beside its badge) look like one cell:
selection across all of it, the content where it belongs; and the form's rows keep the style's height.

Read off the pixels the views really paint, offscreen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetrics, QImage
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyleOptionViewItem

from esgdesk.gui.form_model import Col, Role
from esgdesk.gui.form_view import INDENT, FormView
from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.section_tree import SECTION_ROLE


def _grab(view: QAbstractItemView) -> QImage:
    return view.viewport().grab().toImage()


def _first_part_row(window: MainWindow) -> tuple[int, int]:
    """(row, depth) of the first breakdown part in the demo, its section shown."""
    session = window.session
    assert session is not None
    for section in session.report.catalogue.sections:
        window.show_section(section)
        model = window.form_model
        for row in range(model.rowCount()):
            depth = int(model.index(row, Col.LABEL).data(Role.DEPTH) or 0)
            if depth:
                return row, depth
    raise AssertionError("the demo has no breakdown part")


def _ink_columns(image: QImage, y_range: range, x_range: range, plain_x: int) -> list[int]:
    """The columns in x_range with some pixel of y_range unlike the cell's background on its row, as read
    at column plain_x (the background may shade from top to bottom)."""
    return [x for x in x_range if any(image.pixelColor(x, y) != image.pixelColor(plain_x, y) for y in y_range)]


def test_a_part_row_is_selected_across_its_label_cell_and_its_label_starts_after_the_indent(
    qtbot: Any, demo_window: MainWindow
) -> None:
    row, depth = _first_part_row(demo_window)
    view = demo_window.form_view
    view.select_cell(row, Col.LABEL)
    qtbot.waitUntil(lambda: view.currentIndex().row() == row)
    rect = view.visualRect(view.model().index(row, Col.LABEL))
    image = _grab(view)
    middle = rect.center().y()
    selected = image.pixelColor(rect.right() - 3, middle)  # the cell's far end: no text reaches it here
    unselected = image.pixelColor(
        rect.right() - 3, view.visualRect(view.model().index(row + 1, Col.LABEL)).center().y()
    )
    assert selected != unselected  # the row is drawn selected
    # The indent is part of the selected cell, not a gap before it.
    assert image.pixelColor(rect.left() + 2, middle) == selected
    # The label's text (and the computed mark, if any) begins only after the indent and its guide line.
    rows = range(rect.top() + 3, rect.bottom() - 2)
    plain = rect.right() - 3
    ink = _ink_columns(image, rows, range(rect.left() + depth * INDENT, plain), plain)
    assert ink, "no label painted"
    guide = rect.left() + depth * INDENT - INDENT // 2
    assert _ink_columns(image, rows, range(rect.left() + 1, guide), plain) == []  # nothing left of the guide


def test_a_selected_section_is_highlighted_under_its_badge_too(qtbot: Any, demo_window: MainWindow) -> None:
    tree = demo_window.tree
    section = tree.first_section()
    assert tree.select_section(section)
    index = tree.tree_model.index_of(section)
    rect = tree.visualRect(index)
    image = _grab(tree)
    middle = rect.center().y()
    # The state dot ends 3 pixels before the row's end; the last pixel is the row's selected background,
    # as is the name's side of the row.
    selected = image.pixelColor(rect.right(), middle)
    assert image.pixelColor(rect.left() + 1, middle) == selected
    second = tree.visualRect(tree.tree_model.index_of(str(tree.tree_model.item(0).child(1).data(SECTION_ROLE))))
    assert image.pixelColor(second.right(), second.center().y()) != selected  # the next section: not selected


def _style_row_height(view: FormView) -> int:
    """The row height as the style itself computes it: a bold line and a small icon, and the grid line."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    font = QFont(view.font())
    font.setBold(True)
    option.font = font
    option.fontMetrics = QFontMetrics(font)
    option.features = (
        QStyleOptionViewItem.ViewItemFeature.HasDisplay | QStyleOptionViewItem.ViewItemFeature.HasDecoration
    )
    option.text = "Ág"
    small = view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
    option.decorationSize = QSize(small, small)
    height = view.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view).height()
    return height + 1 if view.showGrid() else height


def test_the_form_rows_are_as_high_as_the_style_makes_a_bold_line_with_an_icon(demo_window: MainWindow) -> None:
    view = demo_window.form_view
    assert view.verticalHeader().defaultSectionSize() == _style_row_height(view)
    bigger = QFont(view.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 2)
    view.setFont(bigger)
    assert view.uniform_row_height() == _style_row_height(view) > view.fontMetrics().height()
