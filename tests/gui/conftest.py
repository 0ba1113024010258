"""Fixtures for the desktop app: a main window on a private report, with scripted dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.store import Report
from esgdesk.gui import i18n
from esgdesk.gui.dialogs import Dialogs
from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.settings import AppSettings


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)
            # Qt's offscreen platform warns that it cannot pass dock widgets' size hints, or raise a
            # tooltip, on a window system it does not have; a real display never prints these.
            item.add_marker(
                pytest.mark.qt_log_ignore(
                    "This plugin does not support propagateSizeHints", r"This plugin does not support raise\(\)"
                )
            )


class FakeDialogs(Dialogs):
    """Answers prepared by the test; every question asked is recorded."""

    def __init__(self) -> None:
        super().__init__(None)
        self.answers: dict[str, list[Any]] = {}
        self.asked: list[tuple[str, tuple[Any, ...]]] = []

    def answer(self, method: str, *values: Any) -> None:
        self.answers.setdefault(method, []).extend(values)

    def _next(self, method: str, args: tuple[Any, ...], default: Any) -> Any:
        self.asked.append((method, args))
        queue = self.answers.get(method)
        return queue.pop(0) if queue else default

    def texts(self, method: str) -> list[str]:
        return [" ".join(str(a) for a in args) for m, args in self.asked if m == method]

    def ask_open_path(self, title: str, filter_: str) -> Path | None:
        return self._next("ask_open_path", (title,), None)  # type: ignore[no-any-return]

    def ask_save_path(self, title: str, filter_: str, suggested: Path | None = None) -> Path | None:
        return self._next("ask_save_path", (title, suggested), None)  # type: ignore[no-any-return]

    def ask_directory(self, title: str) -> Path | None:
        return self._next("ask_directory", (title,), None)  # type: ignore[no-any-return]

    def ask_text(self, title: str, prompt: str, text: str = "", *, multiline: bool = False) -> str | None:
        return self._next("ask_text", (title, prompt), None)  # type: ignore[no-any-return]

    def ask_int(self, title: str, prompt: str, value: int, minimum: int, maximum: int) -> int | None:
        return self._next("ask_int", (title, prompt), None)  # type: ignore[no-any-return]

    def choose(self, title: str, prompt: str, items: list[str]) -> int | None:
        return self._next("choose", (title, prompt, items), None)  # type: ignore[no-any-return]

    def confirm(self, title: str, text: str) -> bool:
        return bool(self._next("confirm", (title, text), False))

    def inform(self, title: str, text: str) -> None:
        self._next("inform", (title, text), None)

    def confirm_upgrade(self, preview: Any) -> bool:
        return bool(self._next("confirm_upgrade", (preview.plan.summary(),), False))

    def edit_properties(self, current: dict[str, str | int]) -> dict[str, str] | None:
        return self._next("edit_properties", (current,), None)  # type: ignore[no-any-return]

    def new_report(self) -> Any:
        return self._next("new_report", (), None)

    def open_in_browser(self, path: Path) -> None:
        self._next("open_in_browser", (path,), None)

    def error(self, title: str, text: str, details: str = "") -> None:
        self._next("error", (title, text, details), None)

    def error_with_action(self, title: str, text: str, details: str, action: str) -> bool:
        return bool(self._next("error_with_action", (title, text, details, action), False))


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings.at(tmp_path / "settings.ini")


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def mini_path(tmp_path: Path, mini_catalogue: Catalogue) -> Path:
    path = tmp_path / "mini.esg"
    Report.create(path, mini_catalogue, company="ACME Ltd", year=2023, entity_id="acme").close()
    return path


def _window(qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, path: Path) -> MainWindow:
    window = MainWindow(settings, dialogs)
    qtbot.addWidget(window)
    assert window.open_path(path)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def mini_window(qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, mini_path: Path) -> Iterator[MainWindow]:
    window = _window(qtbot, settings, dialogs, mini_path)
    yield window
    window.close_report()


@pytest.fixture
def demo_window(qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, demo_path: Path) -> Iterator[MainWindow]:
    window = _window(qtbot, settings, dialogs, demo_path)
    yield window
    window.close_report()
