"""Areas and their sections, each section with a badge: filled / total, open errors and warnings, state."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView, QWidget

from esgdesk.gui import icons
from esgdesk.gui.cell_paint import paint_in_part
from esgdesk.gui.completion import SectionStats, all_section_stats, section_stats
from esgdesk.gui.i18n import language, tr
from esgdesk.gui.session import ReportSession

SECTION_ROLE = Qt.ItemDataRole.UserRole + 1  # section id (areas: "")
STATS_ROLE = Qt.ItemDataRole.UserRole + 2  # SectionStats


class SectionTreeModel(QStandardItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: ReportSession | None = None
        self.visible: set[str] | None = None
        self._items: dict[str, QStandardItem] = {}

    def set_session(self, session: ReportSession | None, visible: set[str] | None = None) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
            self.session.refreshed.disconnect(self.refresh)
        self.session = session
        self.visible = visible
        if session is not None:
            session.changed.connect(self._on_changed)
            session.refreshed.connect(self.refresh)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        self._items = {}
        if self.session is None:
            return
        rep = self.session.report
        stats = {s.section: s for s in all_section_stats(rep, self.session.engine)}
        lang = language()
        for area in rep.catalogue.areas:
            sections = [s for s in area.sections if self.visible is None or s.id in self.visible]
            if not sections:
                continue
            area_item = QStandardItem(area.label.get(lang))
            area_item.setEditable(False)
            area_item.setSelectable(False)
            area_item.setData("", SECTION_ROLE)
            font = area_item.font()
            font.setBold(True)
            area_item.setFont(font)
            for sec in sections:
                item = QStandardItem(sec.label.get(lang))
                item.setEditable(False)
                item.setData(sec.id, SECTION_ROLE)
                self._set_stats(item, stats[sec.id])
                area_item.appendRow(item)
                self._items[sec.id] = item
            self.appendRow(area_item)

    def _set_stats(self, item: QStandardItem, st: SectionStats) -> None:
        item.setData(st, STATS_ROLE)
        state = tr(f"state.{st.state}")
        tip = tr(
            "tree.badge_tip", filled=st.filled, total=st.total, errors=st.errors, warnings=st.warnings, state=state
        )
        item.setToolTip(tip)
        item.setAccessibleText(f"{item.text()}: {tip}")

    def refresh(self) -> None:
        if self.session is None:
            return
        for st in all_section_stats(self.session.report, self.session.engine, list(self._items)):
            self._set_stats(self._items[st.section], st)

    def _on_changed(self, keys: set[tuple[str, str, int]]) -> None:
        if self.session is None:
            return
        cat = self.session.report.catalogue
        touched = {cat.section_of[ind].id for _, ind, _ in keys if ind in cat.section_of}
        for sid in touched:
            item = self._items.get(sid)
            if item is not None:
                self._set_stats(item, section_stats(self.session.report, self.session.engine, cat.sections[sid]))

    def retranslate(self) -> None:
        if self.session is None:
            return
        lang = language()
        cat = self.session.report.catalogue
        for row in range(self.rowCount()):
            area_item = self.item(row)
            for child in range(area_item.rowCount()):
                item = area_item.child(child)
                sid = item.data(SECTION_ROLE)
                item.setText(cat.sections[sid].label.get(lang))
                self._set_stats(item, item.data(STATS_ROLE))
            first = area_item.child(0)
            if first is not None:
                area_item.setText(cat.area_of[first.data(SECTION_ROLE)].label.get(lang))

    def index_of(self, section_id: str) -> QModelIndex:
        item = self._items.get(section_id)
        return item.index() if item is not None else QModelIndex()


class BadgeDelegate(QStyledItemDelegate):
    """Paints the section name, then a compact badge at the right edge."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 150, max(size.height(), 24))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        st = index.data(STATS_ROLE)
        if not isinstance(st, SectionStats):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        fm = QFontMetrics(option.font)
        count = f"{st.filled}/{st.total}"
        pills: list[tuple[str, QColor]] = []
        if st.errors:
            pills.append((str(st.errors), icons.ERROR))
        if st.warnings:
            pills.append((str(st.warnings), icons.WARNING))
        widths = [fm.horizontalAdvance(t) + 12 for t, _ in pills]
        badge_w = fm.horizontalAdvance(count) + 8 + sum(w + 4 for w in widths) + 14
        # Selection and focus across the whole row, the name in the room the badge leaves (cut at its end:
        # the view's own elide mode, which the option carries).
        paint_in_part(self, painter, option, index, rect.adjusted(0, 0, -badge_w, 0))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = rect.right() - badge_w + 4
        cy = rect.center().y()
        h = fm.height() + 2
        pal: QPalette = option.palette
        done = st.filled >= st.total
        painter.setPen(icons.OK if done else pal.color(QPalette.ColorRole.PlaceholderText))
        cw = fm.horizontalAdvance(count) + 4
        painter.drawText(QRect(x, rect.top(), cw, rect.height()), Qt.AlignmentFlag.AlignVCenter, count)
        x += cw + 4
        for (text, colour), w in zip(pills, widths, strict=True):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(x, cy - h / 2, w, h), h / 2, h / 2)
            painter.setPen(QColor("white"))
            painter.drawText(QRect(x, int(cy - h / 2), w, h), Qt.AlignmentFlag.AlignCenter, text)
            x += w + 4
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(icons.STATE.get(st.state, icons.STATE["draft"]))
        painter.drawEllipse(QRectF(rect.right() - 11, cy - 4, 8, 8))
        painter.restore()


class SectionTree(QTreeView):
    section_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree_model = SectionTreeModel(self)
        self.setModel(self.tree_model)
        self.setItemDelegate(BadgeDelegate(self))
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setAccessibleName(tr("acc.tree"))
        sel = self.selectionModel()
        sel.currentChanged.connect(self._on_current)

    def set_session(self, session: ReportSession | None, visible: set[str] | None = None) -> None:
        self.tree_model.set_session(session, visible)
        self.expandAll()

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        sid = current.data(SECTION_ROLE) if current.isValid() else ""
        if sid:
            self.section_selected.emit(sid)

    def select_section(self, section_id: str) -> bool:
        index = self.tree_model.index_of(section_id)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        return True

    def current_section(self) -> str:
        index = self.currentIndex()
        return str(index.data(SECTION_ROLE) or "") if index.isValid() else ""

    def first_section(self) -> str:
        for row in range(self.tree_model.rowCount()):
            area = self.tree_model.item(row)
            if area.rowCount():
                return str(area.child(0).data(SECTION_ROLE))
        return ""
