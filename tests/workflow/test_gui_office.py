"""The ESG office dialogs: conflicts settled one by one, review decisions, status."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from esgdesk.core.store import Report
from esgdesk.core.workflow.collection import issue, open_collection
from esgdesk.core.workflow.merge import preview_merge
from esgdesk.gui.dialogs import Dialogs

pytestmark = pytest.mark.gui


class Answers(Dialogs):
    def __init__(self, texts: list[str]) -> None:
        super().__init__(None)
        self.texts = texts

    def ask_text(self, title: str, prompt: str, text: str = "", *, multiline: bool = False) -> str | None:
        return self.texts.pop(0) if self.texts else None


def test_merge_dialog_needs_a_decision_per_conflict(demo: Report, tmp_path: Path, qtbot: QtBot) -> None:
    from esgdesk.gui.office.merge_dialog import MergeDialog

    path = tmp_path / "ehs.esg"
    issue(demo, "ehs", path)
    demo.set_text("water_total", "18,000 m3")
    demo.set_text("electricity_total", "4 million kWh")
    with open_collection(path) as c:
        c.set_text("water_total", "20,000 m3")
        c.set_text("electricity_total", "5 million kWh")
        c.set_text("natural_gas_total", "1,000 m3")
    dialog = MergeDialog(demo, preview_merge(demo, [path]))
    qtbot.addWidget(dialog)
    assert dialog.conflicts.rowCount() == 2 and not dialog.merge_button.isEnabled()
    dialog.decide("water_total", take_file=True)
    assert not dialog.merge_button.isEnabled()
    dialog.decide("electricity_total", take_file=False)
    assert dialog.merge_button.isEnabled()
    dialog.merge_button.click()
    assert dialog.merge_result is not None
    assert demo.get("water_total").number == 20000
    assert demo.get("electricity_total").number == 4e6
    assert demo.get("natural_gas_total").number == 1000


def test_review_panel_send_back_and_unlock(demo: Report, qtbot: QtBot) -> None:
    from esgdesk.gui.office.review_panel import ReviewPanel

    demo.set_section_state("community", "submitted")
    panel = ReviewPanel(demo, Answers(["add the receipt", "typo in the amount"]))
    qtbot.addWidget(panel)
    panel.select("community")
    panel.send_back()
    assert demo.section_state("community").comment == "add the receipt"
    panel.approve()
    assert "only a submitted section" in panel.message.text()
    demo.set_section_state("community", "submitted")
    panel.approve()
    assert demo.section_state("community").state == "approved"
    panel.unlock()
    assert demo.section_state("community").state == "submitted"
    assert any(e.why == "typo in the amount" for e in demo.audit_log())


def test_status_view_and_entities(demo: Report, qtbot: QtBot) -> None:
    from esgdesk.gui.office.entities_dialog import EntitiesDialog
    from esgdesk.gui.office.status_view import StatusView

    view = StatusView(demo)
    qtbot.addWidget(view)
    assert view.table.rowCount() == 12
    dialog = EntitiesDialog(demo, Answers(["east", "East plant"]))
    qtbot.addWidget(dialog)
    dialog.add_entity()
    assert "east" in demo.entities
    dialog.approach.setCurrentIndex(dialog.approach.findData("operational_control"))
    demo.set_text("water_total", "10 m3", entity="east")
    dialog.consolidate()
    assert dialog.consolidation is not None and demo.get("water_total").number == 10


def test_main_window_shows_a_collection_file_restricted_to_its_department(
    demo: Report, tmp_path: Path, qtbot: QtBot
) -> None:
    from esgdesk.core.errors import Refused
    from esgdesk.core.values import Key
    from esgdesk.gui.main_window import MainWindow
    from esgdesk.gui.office import install
    from esgdesk.gui.settings import AppSettings

    path = tmp_path / "po.esg"
    issue(demo, "president_office", path)
    window = MainWindow(AppSettings(), Answers([]))
    qtbot.addWidget(window)
    install(window)
    assert window.open_path(path)
    assert window.visible_sections == {"community"}
    session = window.session
    assert session is not None
    with pytest.raises(Refused, match="belongs to"):
        session.check(Key(session.entity, "water_total", session.year), None)
    window.close_report()
