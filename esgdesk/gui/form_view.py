"""The section form's view: keyboard-first editing, copy and paste with spreadsheets.

Typing starts editing; Enter commits and moves down; Tab moves across; Escape cancels.
An entry the core refuses keeps the editor open and says why, so nothing typed is lost.
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING, TypeGuard

# Named where used, not imported: PySide6 builds a class when it is first named, and the line editor
# and its tooltip are first needed when editing starts, after the first paint.
from PySide6 import QtWidgets
from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from esgdesk.gui.cell_paint import paint_in_part
from esgdesk.gui.dialogs import Dialogs
from esgdesk.gui.form_model import Col, FormModel, Role
from esgdesk.gui.i18n import tr
from esgdesk.gui.icons import status_icon

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit

    from esgdesk.gui.cell_editor import CellEditor

INDENT = 18
# Widths in units of the font's average character, so they follow the font size and the screen's DPI.
_FIXED_CHARS = {Col.UNIT: 13, Col.PRIOR: 14, Col.CURRENT: 14, Col.CHANGE: 11, Col.STATUS: 9}
_EXPLANATION_SHARE = 0.18  # of the table's width, between the two bounds below (in characters)
_EXPLANATION_CHARS = (12, 48)
_COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def _is_line_edit(widget: QWidget) -> TypeGuard[QLineEdit]:
    return isinstance(widget, QtWidgets.QLineEdit)


def _is_cell_editor(obj: QObject) -> TypeGuard[CellEditor]:
    # Only an editor's events come here, and an editor exists only once its module is loaded.
    module = sys.modules.get("esgdesk.gui.cell_editor")
    return module is not None and isinstance(obj, module.CellEditor)


class FormDelegate(QStyledItemDelegate):
    """Checks an entry before letting the editor close."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        from esgdesk.gui.cell_editor import CellEditor

        return CellEditor(index, parent)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if _is_line_edit(editor):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if _is_line_edit(editor):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            _is_cell_editor(obj)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _COMMIT_KEYS
        ):
            model = obj.index.model()
            if isinstance(model, FormModel):
                problem = model.check_text(obj.index, obj.text())
                if problem:
                    obj.show_problem(problem)
                    if model.session is not None:
                        model.session.refused.emit(problem)
                    return True  # the editor stays open with what was typed
        return super().eventFilter(obj, event)

    @staticmethod
    def elide_mode(column: int) -> Qt.TextElideMode:
        # A label cut in the middle keeps both its subject and its qualifier ("Scope 1 … (market-based)").
        return Qt.TextElideMode.ElideMiddle if column == Col.LABEL else Qt.TextElideMode.ElideRight


class LabelDelegate(FormDelegate):
    """The label column's: indents breakdown parts under their total, and cuts long labels in the middle.

    Only this column paints in Python; the others keep Qt's own painting, which is most of a form's cells.
    """

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        # Set here: overriding initStyleOption made PySide6 6.12 abort at exit ("deallocating None").
        depth = int(index.data(Role.DEPTH) or 0)
        option = QStyleOptionViewItem(option)
        option.textElideMode = self.elide_mode(index.column())
        if depth == 0:
            super().paint(painter, option, index)
            return
        rect = option.rect
        paint_in_part(self, painter, option, index, rect.adjusted(depth * INDENT, 0, 0, 0))
        painter.save()
        guide = option.palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(guide, 1))
        x = rect.left() + depth * INDENT - INDENT // 2
        painter.drawLine(x, rect.top(), x, rect.center().y())
        painter.drawLine(x, rect.center().y(), x + INDENT // 2 - 2, rect.center().y())
        painter.restore()


class FormView(QTableView):
    current_indicator_changed = Signal(str)  # indicator id, "" when nothing is selected

    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.setItemDelegate(FormDelegate(self))
        self.setItemDelegateForColumn(Col.LABEL, LabelDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.verticalHeader().setVisible(False)
        # One height for every row, from the font and the icon size: sizing rows to their contents asks the
        # model for every cell of every row, visible or not, on each switch of form.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_rows()
        self.setAccessibleName(tr("acc.form"))
        self._explanation_auto = True  # until the user drags the Explanation column's edge
        self._sizing = False

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        header = self.horizontalHeader()
        # The indicator's label takes the spare width: it is what people read first.
        header.setSectionResizeMode(Col.LABEL, QHeaderView.ResizeMode.Stretch)
        char = self.fontMetrics().averageCharWidth()
        header.setMinimumSectionSize(3 * char)
        for col, chars in _FIXED_CHARS.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, chars * char)
        header.setSectionResizeMode(Col.EXPLANATION, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._on_section_resized)
        self._fit_explanation()
        sel = self.selectionModel()
        if sel is not None:
            sel.currentChanged.connect(self._on_current)

    def uniform_row_height(self) -> int:
        """The height Qt's delegate gives a cell with one line of bold text and a status icon, and its grid line.

        Asked of a one-cell model, not of the style: naming `QStyle` makes PySide6 build its enums, about
        8 ms before the first paint.
        """
        sample = QStandardItem("Ág")
        font = QFont(self.font())
        font.setBold(True)
        sample.setFont(font)
        sample.setIcon(status_icon("ok"))  # drawn at the view's icon size, the style's small icon size
        model = QStandardItemModel(1, 1)
        model.setItem(0, 0, sample)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        height = QStyledItemDelegate().sizeHint(option, model.index(0, 0)).height()
        return height + 1 if self.showGrid() else height  # the grid line, as QTableView counts it

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.uniform_row_height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_rows()

    def _on_section_resized(self, column: int, old: int, new: int) -> None:
        if column == Col.EXPLANATION and not self._sizing:
            self._explanation_auto = False

    def _fit_explanation(self) -> None:
        if not self._explanation_auto or self.model() is None:
            return
        char = self.fontMetrics().averageCharWidth()
        low, high = (n * char for n in _EXPLANATION_CHARS)
        # The viewport's width without scroll bars. Not `viewport().width()`: the first wrapping of the
        # viewport makes PySide6 build every widget class it might be, about 9 ms before the first paint.
        room = self.maximumViewportSize().width()
        width = int(min(max(room * _EXPLANATION_SHARE, low), high))
        self._sizing = True
        try:
            self.horizontalHeader().resizeSection(Col.EXPLANATION, width)
        finally:
            self._sizing = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_explanation()

    def form_model(self) -> FormModel:
        model = self.model()
        assert isinstance(model, FormModel)
        return model

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.current_indicator_changed.emit(str(current.data(Role.INDICATOR) or "") if current.isValid() else "")

    def select_cell(self, row: int, column: int) -> None:
        index = self.model().index(row, column)
        # Explicit, so a modifier key still held (Ctrl from a paste) cannot turn this into a toggle.
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setFocus()

    # -- editing flow ---------------------------------------------------------------------------
    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        current = self.currentIndex()
        Hint = QAbstractItemDelegate.EndEditHint
        if hint in (Hint.EditNextItem, Hint.EditPreviousItem):
            # Qt would stop on the next cell even when it is read-only; Tab goes to the next editable one.
            super().closeEditor(editor, Hint.NoHint)
            target = self._next_editable(current, 1 if hint == Hint.EditNextItem else -1)
            if target is not None:
                self.setCurrentIndex(target)
                self.edit(target)
            return
        super().closeEditor(editor, hint)
        if hint == Hint.SubmitModelCache and current.isValid():
            below = self.model().index(current.row() + 1, current.column())
            if below.isValid():
                self.setCurrentIndex(below)

    def target_cells(self) -> list[QModelIndex]:
        """The selection if it holds the current cell, else the current cell alone."""
        current = self.currentIndex()
        selected = self.selectedIndexes()
        return selected if current in selected else [current] if current.isValid() else []

    def _next_editable(self, start: QModelIndex, step: int) -> QModelIndex | None:
        model = self.model()
        if model is None or not start.isValid():
            return None
        cols = model.columnCount()
        pos = start.row() * cols + start.column() + step
        while 0 <= pos < model.rowCount() * cols:
            index = model.index(pos // cols, pos % cols)
            if index.flags() & Qt.ItemFlag.ItemIsEditable:
                return index
            pos += step
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.form_model().clear(self.target_cells())
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
            and self.currentIndex().flags() & Qt.ItemFlag.ItemIsEditable
        ):
            self.edit(self.currentIndex())
            return
        super().keyPressEvent(event)

    # -- clipboard --------------------------------------------------------------------------------
    def copy(self) -> int:
        """Selected cells as tab-separated text, the way spreadsheets exchange ranges."""
        indexes = self.selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        if not indexes:
            return 0
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        chosen = {(i.row(), i.column()) for i in indexes}
        import csv  # only copy and paste speak tab-separated text

        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="\t", lineterminator="\n")
        model = self.model()
        for r in rows:
            writer.writerow(
                [
                    str(model.index(r, c).data(Qt.ItemDataRole.DisplayRole) or "") if (r, c) in chosen else ""
                    for c in cols
                ]
            )
        QGuiApplication.clipboard().setText(buf.getvalue())
        return len(indexes)

    def paste(self) -> int:
        """A column copied from a spreadsheet goes into consecutive rows from the current cell."""
        model = self.form_model()
        start = self.currentIndex()
        if not start.isValid() or model.session is None or model.session.readonly:
            return 0
        text = QGuiApplication.clipboard().text()
        if not text:
            return 0
        import csv

        rows = list(csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter="\t"))
        while rows and not any(cell.strip() for cell in rows[-1]):
            rows.pop()
        texts = [r[0] if r else "" for r in rows]
        if start.column() == Col.EXPLANATION:
            model.paste_explanations(start.row(), texts)
            return len(texts)
        if start.column() != Col.CURRENT:
            return 0
        plan = model.plan_paste(start.row(), texts)
        if plan.problems:
            details = "\n".join(f"• {p}" for p in plan.problems[:12])
            good = plan.total - len(plan.problems)
            if good <= 0 or not plan.edits:
                self.dialogs.error(tr("act.paste"), tr("msg.paste_none", details=details))
                return 0
            if not self.dialogs.confirm(
                tr("act.paste"),
                tr("msg.paste_rows_refused", bad=len(plan.problems), total=plan.total, details=details, good=good),
            ):
                return 0
        model.commit(plan.edits)
        return len(plan.edits)
