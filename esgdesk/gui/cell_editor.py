"""The line editor of a form's cell, which keeps what was typed and says why the core refused it.

A module of its own: the form view names it only when editing starts, so PySide6 builds the line
edit's class then and not before the first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLineEdit, QToolTip, QWidget

from esgdesk.gui import icons


class CellEditor(QLineEdit):
    def __init__(self, index: QModelIndex | QPersistentModelIndex, parent: QWidget) -> None:
        super().__init__(parent)
        self.index = QPersistentModelIndex(index)
        self.setFrame(False)
        self.setAccessibleName(str(index.data(Qt.ItemDataRole.AccessibleTextRole) or ""))
        self.problem = ""
        self._normal = QPalette(self.palette())

    def show_problem(self, text: str) -> None:
        self.problem = text
        pal = QPalette(self._normal)
        light = pal.color(QPalette.ColorRole.Base).lightness() > 128
        pal.setColor(QPalette.ColorRole.Base, icons.ERROR.lighter(185) if light else icons.ERROR.darker(260))
        self.setPalette(pal)
        self.setToolTip(text)
        QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), text, self)
