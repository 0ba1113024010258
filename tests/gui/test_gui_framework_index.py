"""View → Framework Index: the core's index of the open report, following edits and undo, leading to figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from esgdesk.core.indexes import IndexStatus, build_index
from esgdesk.core.templates import create_report
from esgdesk.gui.form_model import Col
from esgdesk.gui.index_view import COLUMNS, ROW_ROLE, IndexWindow
from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.settings import AppSettings
from tests.gui.conftest import FakeDialogs, _window


def _status(window: IndexWindow, topic: str) -> IndexStatus:
    model = window.model
    for n in range(model.rowCount()):
        row = model.data(model.index(n, 0), ROW_ROLE)
        if row.topic == topic:
            return row.status  # type: ignore[no-any-return]
    raise AssertionError(topic)


def test_the_index_window_shows_the_core_index_and_follows_an_edit(
    qtbot: Any, qtmodeltester: Any, settings: AppSettings, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    path = tmp_path / "huaxin.esg"
    create_report(path, "sse14", company="Huaxin Precision Co., Ltd.", year=2024).close()
    main: MainWindow = _window(qtbot, settings, dialogs, path)
    try:
        main.act_framework_index.trigger()
        window = main.index_window
        assert isinstance(window, IndexWindow) and window.isVisible()
        qtmodeltester.check(window.model)
        assert window.framework.currentData() == "sse14"  # the template's first index
        assert main.session is not None
        core = build_index(main.session.report, "sse14")
        assert window.model.rowCount() == len(core.rows) == 21
        status_col = COLUMNS.index("status")
        assert window.model.index(0, status_col).data() == "Not disclosed"
        assert window.model.index(0, status_col).data(Qt.ItemDataRole.ForegroundRole) is not None

        # typing the energy figures discloses climate change (scope 2 is computed from them) and energy use
        form = main.form_model
        assert main.select_cell("electricity_total")
        row = form.row_of("electricity_total")
        assert row is not None
        form.setData(form.index(row, Col.CURRENT), "12,400 MWh")
        assert _status(window, "energy_use") == IndexStatus.DISCLOSED
        assert _status(window, "climate_change") == IndexStatus.DISCLOSED
        assert "2 disclosed" in window.summary.text()
        main.session.undo_stack.undo()
        assert _status(window, "energy_use") == IndexStatus.NOT_DISCLOSED

        # a row leads to the figures that would disclose it
        waste = next(n for n in range(window.model.rowCount()) if window.model.row(n).topic == "waste")
        window.table.doubleClicked.emit(window.model.index(waste, 0))
        assert form.indicator_at(main.form_view.currentIndex().row()).id in window.model.row(waste).items

        window.framework.setCurrentIndex(window.framework.findData("gri"))
        assert window.current is not None and window.current.framework == "gri"

        # closed, it does not follow edits; shown again, it is current
        window.framework.setCurrentIndex(window.framework.findData("sse14"))
        window.close()
        assert main.select_cell("electricity_total")
        row = form.row_of("electricity_total")
        assert row is not None
        form.setData(form.index(row, Col.CURRENT), "12,400 MWh")
        assert _status(window, "energy_use") == IndexStatus.NOT_DISCLOSED
        main.act_framework_index.trigger()
        assert _status(window, "energy_use") == IndexStatus.DISCLOSED
    finally:
        main.close_report()
    assert main.index_window is None
