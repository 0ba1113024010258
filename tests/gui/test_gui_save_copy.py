"""When the disk refuses a write, the user saves a copy elsewhere and the change is made there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.core.store import Report
from esgdesk.gui.form_model import Col
from esgdesk.gui.main_window import MainWindow

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs


def _report(window: MainWindow) -> Report:
    assert window.session is not None
    return window.session.report


def _refuse_writes(report: Report) -> None:
    # What SQLite says on a read-only folder or medium, without needing one.
    report.connection().execute("PRAGMA query_only = 1")


def test_a_refused_write_offers_a_copy_and_makes_the_change_there(
    mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    original = _report(mini_window)
    original.set_text("electricity", "1,000 kWh")
    path = original.path
    _refuse_writes(original)
    model = mini_window.form_model
    row = model.row_of("electricity")
    assert row is not None
    copy = tmp_path / "elsewhere" / "mini-copy.esg"
    dialogs.answer("error_with_action", True)
    dialogs.answer("ask_save_path", copy)
    assert model.setData(model.index(row, Col.CURRENT), "1,250 kWh")

    asked = dialogs.texts("error_with_action")
    assert asked and "read-only" in asked[0] and "Save a Copy Elsewhere" in asked[0]
    now = _report(mini_window)
    assert now.path == copy and not now.readonly
    assert now.get("electricity").number == 1250
    assert mini_window.act_undo.isEnabled()  # the change made in the copy is undoable there
    mini_window.close_report()
    with Report.open(path, readonly=True) as before:  # the original keeps its last good state
        assert before.get("electricity").number == 1000
    with Report.open(copy, readonly=True) as saved:
        assert saved.get("electricity").number == 1250
        assert any(e.field == "value" and e.indicator == "electricity" for e in saved.audit_log())


def test_declining_the_copy_keeps_the_report_as_it_was(mini_window: MainWindow, dialogs: FakeDialogs) -> None:
    report = _report(mini_window)
    _refuse_writes(report)
    model = mini_window.form_model
    row = model.row_of("electricity")
    assert row is not None
    model.setData(model.index(row, Col.CURRENT), "7 kWh")
    assert dialogs.texts("error_with_action")
    assert _report(mini_window) is report and report.get("electricity") is None
    assert "not saved" in mini_window.form_message.text()
    assert not mini_window.act_undo.isEnabled()  # nothing was done, so there is nothing to undo


def test_save_a_copy_from_the_file_menu(mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path) -> None:
    report = _report(mini_window)
    report.set_text("revenue", "500")
    original = report.path
    dialogs.answer("ask_save_path", tmp_path / "copy")  # no suffix given: .esg is added
    mini_window.act_save_copy.trigger()
    now = _report(mini_window)
    assert now.path == tmp_path / "copy.esg"
    assert now.get("revenue") is not None and now.get("revenue").number == 500
    # A name that is taken is refused with its reason; the copy in use stays open.
    dialogs.answer("ask_save_path", original)
    mini_window.act_save_copy.trigger()
    assert "exists already" in dialogs.texts("error")[-1]
    assert _report(mini_window).path == tmp_path / "copy.esg"


def test_a_refused_acknowledgement_is_made_in_the_copy(
    demo_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path, qtbot: Any
) -> None:
    panel = demo_window.findings
    panel.whole_report(True)
    finding = panel.model.items[0]
    panel.select_finding(0)
    _refuse_writes(_report(demo_window))
    dialogs.answer("ask_text", "seen")
    dialogs.answer("error_with_action", True)
    dialogs.answer("ask_save_path", tmp_path / "demo-copy.esg")
    panel.acknowledge.click()
    copy = _report(demo_window)
    assert copy.path == tmp_path / "demo-copy.esg"
    assert copy.acknowledged(finding.indicator, finding.rule, finding.year, finding.entity)
