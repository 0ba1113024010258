"""Renders esgdesk.svg into the PNG sizes the desktops ask for and a Windows .ico.

The PNGs are checked in so that a build needs no display and no SVG renderer:
run this again only after changing the SVG (`QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/icons/render.py`).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, out: Path) -> list[Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render.py: {svg} is not a valid SVG")
    written: list[Path] = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out / f"esgdesk-{size}.png"
        image.save(str(path))
        written.append(path)
    del app
    return written


def write_ico(pngs: list[Path], out: Path) -> Path:
    from PIL import Image

    largest = Image.open(max(pngs, key=lambda p: int(p.stem.rsplit("-", 1)[1])))
    target = out / "esgdesk.ico"
    largest.save(target, sizes=[(s, s) for s in SIZES if s <= 256])
    return target


if __name__ == "__main__":
    pngs = render(HERE / "esgdesk.svg", HERE)
    (HERE / "esgdesk.png").write_bytes((HERE / "esgdesk-256.png").read_bytes())
    write_ico(pngs, HERE)
