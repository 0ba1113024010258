"""Two small painted charts (Qt Charts is not part of PySide6-Essentials): an indicator's values
over the years, and horizontal bars for the dashboard. Colours come from the palette, so both
read on light and dark themes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from esgdesk.core.display import format_number
from esgdesk.gui import icons


def _nice_label(x: float) -> str:
    ax = abs(x)
    if ax >= 1e9:
        return f"{x / 1e9:.3g}G"
    if ax >= 1e6:
        return f"{x / 1e6:.3g}M"
    if ax >= 1e4:
        return f"{x / 1e3:.3g}k"
    return f"{x:.4g}"


class YearChart(QWidget):
    """Columns per year; the current year highlighted, years without a figure left as gaps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[int, float | None]] = []
        self.current_year: int | None = None
        self.unit = ""
        self.empty_text = ""
        self.decimals: int | None = None
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(320, 180)

    def set_series(
        self,
        points: list[tuple[int, float | None]],
        *,
        current_year: int | None,
        unit: str,
        decimals: int | None = None,
        empty_text: str = "",
    ) -> None:
        self.points = points
        self.current_year = current_year
        self.unit = unit
        self.decimals = decimals
        self.empty_text = empty_text
        shown = ", ".join(f"{y}: {format_number(v, decimals) if v is not None else '—'}" for y, v in points)
        self.setAccessibleDescription(f"{shown} {unit}".strip())
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text_colour = pal.color(QPalette.ColorRole.WindowText)
        faint = pal.color(QPalette.ColorRole.Mid)
        fm = QFontMetrics(self.font())
        area = QRectF(self.rect()).adjusted(8, fm.height() + 10, -8, -(fm.height() + 8))
        values = [v for _, v in self.points if v is not None]
        if not values:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        p.setPen(text_colour)
        p.drawText(QRectF(8, 2, self.width() - 16, fm.height() + 4), Qt.AlignmentFlag.AlignLeft, self.unit)
        top = max(max(values), 0.0)
        bottom = min(min(values), 0.0)
        span = (top - bottom) or 1.0

        def y_of(v: float) -> float:
            return area.bottom() - (v - bottom) / span * area.height()

        p.setPen(QPen(faint, 1))
        zero = y_of(0.0)
        p.drawLine(QPointF(area.left(), zero), QPointF(area.right(), zero))
        n = len(self.points)
        slot = area.width() / max(n, 1)
        bar_w = min(slot * 0.6, 64.0)
        accent = pal.color(QPalette.ColorRole.Highlight)
        muted = QColor(accent)
        muted.setAlpha(110)
        for i, (year, v) in enumerate(self.points):
            cx = area.left() + slot * (i + 0.5)
            p.setPen(text_colour)
            p.drawText(
                QRectF(cx - slot / 2, area.bottom() + 4, slot, fm.height() + 2),
                Qt.AlignmentFlag.AlignHCenter,
                str(year),
            )
            if v is None:
                p.setPen(QPen(faint, 1, Qt.PenStyle.DashLine))
                p.drawText(
                    QRectF(cx - slot / 2, zero - fm.height() - 2, slot, fm.height()), Qt.AlignmentFlag.AlignHCenter, "—"
                )
                continue
            y = y_of(v)
            bar = QRectF(cx - bar_w / 2, min(y, zero), bar_w, max(abs(zero - y), 1.5))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(accent if year == self.current_year else muted)
            p.drawRoundedRect(bar, 3, 3)
            p.setPen(text_colour)
            label = format_number(v, self.decimals) if abs(v) < 1e6 else _nice_label(v)
            p.drawText(
                QRectF(cx - slot / 2, bar.top() - fm.height() - 2, slot, fm.height()),
                Qt.AlignmentFlag.AlignHCenter,
                label,
            )


class BarChart(QWidget):
    """Horizontal bars (label, share 0..1, caption); the dashboard's completion by department."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, float, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: list[tuple[str, float, str]]) -> None:
        self.bars = bars
        self.setAccessibleDescription("; ".join(f"{label}: {caption}" for label, _, caption in bars))
        self.setMinimumHeight(len(bars) * 26 + 8)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, len(self.bars) * 26 + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        label_w = min(max((fm.horizontalAdvance(b[0]) for b in self.bars), default=0) + 12, self.width() // 2)
        caption_w = max((fm.horizontalAdvance(b[2]) for b in self.bars), default=0) + 12
        track = pal.color(QPalette.ColorRole.Mid)
        track.setAlpha(70)
        for i, (label, share, caption) in enumerate(self.bars):
            y = 4 + i * 26
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            p.drawText(
                QRectF(0, y, label_w - 8, 20),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8),
            )
            width = max(self.width() - label_w - caption_w, 10)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(track)
            p.drawRoundedRect(QRectF(label_w, y + 3, width, 14), 4, 4)
            colour = icons.OK if share >= 1 else icons.INFO if share >= 0.5 else icons.WARNING
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(label_w, y + 3, max(width * min(share, 1.0), 2), 14), 4, 4)
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            p.drawText(QRectF(label_w + width + 6, y, caption_w, 20), Qt.AlignmentFlag.AlignVCenter, caption)
