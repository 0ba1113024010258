"""Acknowledgements go on the undo stack; section states change only by the workflow's rules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.core.store import Report
from esgdesk.core.workflow.collection import issue
from esgdesk.gui.main_window import MainWindow

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs


def _report(window: MainWindow) -> Report:
    assert window.session is not None
    return window.session.report


def test_acknowledging_can_be_undone_and_redone(demo_window: MainWindow, dialogs: FakeDialogs) -> None:
    panel = demo_window.findings
    panel.whole_report(True)
    report = _report(demo_window)
    row, finding = next((n, f) for n, f in enumerate(panel.model.items) if f.severity.value == "warning")
    panel.select_finding(row)
    dialogs.answer("ask_text", "checked with the plant manager")
    panel.acknowledge.click()
    assert report.acknowledged(finding.indicator, finding.rule, finding.year, finding.entity)
    assert all(f.id != finding.id for f in panel.model.items)  # acknowledged: no longer open
    assert "acknowledge" in demo_window.act_undo.text()

    demo_window.act_undo.trigger()
    assert not report.acknowledged(finding.indicator, finding.rule, finding.year, finding.entity)
    assert any(f.id == finding.id and not f.explained for f in panel.model.items)
    acks = [e for e in report.audit_log(indicator=finding.indicator) if e.field == "ack"]
    assert acks[-1].new is None and acks[-1].old == {"rule": finding.rule, "note": "checked with the plant manager"}
    # The withdrawal is durable: a fresh look at the file agrees.
    with Report.open(report.path, readonly=True) as again:
        assert not again.acknowledged(finding.indicator, finding.rule, finding.year, finding.entity)

    demo_window.act_redo.trigger()
    assert report.acknowledged(finding.indicator, finding.rule, finding.year, finding.entity)


def test_section_menu_goes_through_review_in_the_master(demo_window: MainWindow, dialogs: FakeDialogs) -> None:
    report = _report(demo_window)
    demo_window.tree.select_section("community")
    assert demo_window.form_model.section_id == "community"
    # A master's sections are submitted by departments (through a merge), never from its own menu.
    assert not demo_window.act_submit.isEnabled()
    assert not demo_window.act_approve.isEnabled()
    report.set_section_state("community", "submitted")  # as a merge of the returned file leaves it
    assert demo_window.act_approve.isEnabled() and demo_window.act_send_back.isEnabled()

    dialogs.answer("ask_text", None)  # the send-back comment dialog cancelled: nothing changes
    assert not demo_window.review_section("send_back")
    assert report.section_state("community").state == "submitted"
    dialogs.answer("ask_text", "   ")  # an empty comment is refused by the workflow, with its reason
    assert not demo_window.review_section("send_back")
    assert "needs a comment" in dialogs.texts("error")[-1]

    demo_window.act_approve.trigger()
    assert report.section_state("community").state == "approved"
    assert demo_window.act_unlock.isEnabled() and not demo_window.act_approve.isEnabled()
    dialogs.answer("ask_text", "the donation receipt had a typo")
    demo_window.act_unlock.trigger()
    assert report.section_state("community").state == "submitted"
    assert any(e.why == "the donation receipt had a typo" for e in report.audit_log())
    dialogs.answer("ask_text", "attach the receipt")
    demo_window.act_send_back.trigger()
    state = report.section_state("community")
    assert state.state == "draft" and state.comment == "attach the receipt"


def test_submit_in_a_collection_file_is_blocked_by_open_findings(
    qtbot: Any, demo: Report, tmp_path: Path, dialogs: FakeDialogs, settings: Any
) -> None:
    from esgdesk.gui.app import build_window

    path = tmp_path / "hr.esg"
    issue(demo, "hr", path)
    window = build_window(path, settings=settings, dialogs=dialogs)
    qtbot.addWidget(window)
    report = _report(window)
    window.tree.select_section("employment")
    assert window.act_submit.isEnabled()
    window.act_submit.trigger()
    assert "cannot be submitted while findings are open" in dialogs.texts("error")[-1]
    assert report.section_state("employment").state == "draft"

    window.tree.select_section("compensation_benefits")
    window.act_submit.trigger()
    assert report.section_state("compensation_benefits").state == "submitted"
    assert not window.act_submit.isEnabled()  # submitted: read-only for the department
    window.close_report()
