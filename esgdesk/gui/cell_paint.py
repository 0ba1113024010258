"""An item painted in part of its cell, with the cell's background, selection and focus frame across all of it.

The form indents a breakdown's parts and the section tree keeps room for its badges: both draw the item
in part of the cell. They do it through Qt's own delegate, twice, each pass clipped to its side of a
seam, rather than by calling the style from Python: naming `QStyle` makes PySide6 build its enums,
about a thousand members, which cost about 8 ms of the first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QStandardItemModel
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

# A frame's edge (one pixel, its corners rounded by a pixel) lies within this many pixels of the rect it
# frames: the content's pass is clipped this far inside its edge that borders the rest of the cell.
FRAME = 2

_blank: QStandardItemModel | None = None


def _blank_index() -> QModelIndex:
    """An item with no data: Qt's delegate paints only the cell's background, selection and focus for it.
    (Not an invalid index, which `QStyledItemDelegate.paint` does not accept.)"""
    global _blank
    if _blank is None:
        _blank = QStandardItemModel(1, 1)
    return _blank.index(0, 0)


def paint_in_part(
    delegate: QStyledItemDelegate,
    painter: QPainter,
    option: QStyleOptionViewItem,
    index: QModelIndex | QPersistentModelIndex,
    content: QRect,
) -> None:
    """Paint `index` into `content`, which spans the cell's height and starts or ends where the cell does.

    The cell's background, selection and focus frame are drawn across the whole of `option.rect`, as
    they are for a cell Qt paints alone.
    """
    cell: QRect = option.rect
    if content.left() > cell.left():  # the content on the right, the rest on its left
        seam = content.left() + FRAME
        rest = QRect(cell.left(), cell.top(), seam - cell.left(), cell.height())
        own = QRect(seam, cell.top(), cell.right() - seam + 1, cell.height())
    else:  # the content on the left, the rest on its right
        seam = content.right() - FRAME + 1
        own = QRect(cell.left(), cell.top(), seam - cell.left(), cell.height())
        rest = QRect(seam, cell.top(), cell.right() - seam + 1, cell.height())
    painter.save()
    painter.setClipRect(rest, Qt.ClipOperation.IntersectClip)
    QStyledItemDelegate.paint(delegate, painter, option, _blank_index())
    painter.restore()
    inner = QStyleOptionViewItem(option)
    inner.rect = content
    painter.save()
    painter.setClipRect(own, Qt.ClipOperation.IntersectClip)
    QStyledItemDelegate.paint(delegate, painter, inner, index)
    painter.restore()
