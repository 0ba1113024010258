"""A page or pane built the first time it is shown, so that start-up builds only what the first paint needs.

`LazyPage(build)` stands in a tab or a dock at once; `build()` runs on its first show, or earlier when
code asks for `page.content()`. With `on_show=False` a shown page stays empty until its owner calls
`content()` (the window fills its panes right after the first paint). Whoever owns the page keeps state for it until then and hands it
over in `build` (the report that is open, which sections are visible).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)


class LazyPage(QWidget, Generic[W]):
    def __init__(self, build: Callable[[], W], parent: QWidget | None = None, *, on_show: bool = True) -> None:
        super().__init__(parent)
        self._build = build
        self._on_show = on_show
        self._content: W | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> W | None:
        """The content if it has been built, else None (nothing to update yet)."""
        return self._content

    def content(self) -> W:
        """The content, built now if it has not been yet."""
        if self._content is None:
            self._content = self._build()
            self._layout.addWidget(self._content)
        return self._content

    def showEvent(self, event: QShowEvent) -> None:
        if self._on_show:
            self.content()
        super().showEvent(event)
