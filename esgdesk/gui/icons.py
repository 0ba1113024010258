"""Small painted icons and the colours they share, legible on light and dark palettes."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from esgdesk.core.catalogue import Severity

# Mid-tone colours: readable on white and on a dark window alike.
ERROR = QColor("#d64545")
WARNING = QColor("#e0a526")
INFO = QColor("#4a8fd6")
OK = QColor("#3aa55d")
COMPUTED = QColor("#8a6fd1")
STATE = {"draft": QColor("#8c8c8c"), "submitted": QColor("#4a8fd6"), "approved": QColor("#3aa55d")}

SEVERITY_COLOUR = {Severity.ERROR: ERROR, Severity.WARNING: WARNING, Severity.INFO: INFO}


def _canvas(size: int = 32) -> tuple[QPixmap, QPainter]:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pix, p


@cache
def status_icon(kind: str) -> QIcon:
    """kind: error, warning, info, ok, explained, computed."""
    pix, p = _canvas()
    colour = {"error": ERROR, "warning": WARNING, "info": INFO, "ok": OK, "explained": OK, "computed": COMPUTED}[kind]
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    if kind == "warning":
        p.drawPolygon([QPointF(16, 3), QPointF(30, 28), QPointF(2, 28)])
    else:
        p.drawEllipse(QRectF(3, 3, 26, 26))
    p.setPen(QPen(QColor("white")))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(18)
    p.setFont(font)
    glyph = {"error": "!", "warning": "!", "info": "i", "ok": "✓", "explained": "✎", "computed": "ƒ"}[kind]
    rect = QRectF(0, 4 if kind == "warning" else 0, 32, 32)
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, glyph)
    p.end()
    return QIcon(pix)


@cache
def app_icon() -> QIcon:
    pix, p = _canvas(64)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#2f7d5b"))
    p.drawRoundedRect(QRectF(2, 2, 60, 60), 12, 12)
    p.setBrush(QColor("#bfe8cf"))
    for n, h in enumerate((18, 30, 42)):
        p.drawRect(QRectF(12 + n * 15, 52 - h, 10, h))
    p.end()
    return QIcon(pix)
