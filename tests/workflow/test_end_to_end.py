"""The whole cycle: issue a file to each owner department, fill them (one through the form), merge,
review, consolidate, and check the figures, the audit log and the findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from esgdesk.core.display import display
from esgdesk.core.store import Report
from esgdesk.core.validation import Engine
from esgdesk.core.workflow import review
from esgdesk.core.workflow.assignments import departments
from esgdesk.core.workflow.collection import claims_of, issue, open_collection
from esgdesk.core.workflow.consolidation import consolidate, set_approach
from esgdesk.core.workflow.merge import apply_merge, preview_merge
from esgdesk.core.workflow.status import department_status
from tests.workflow.helpers import explain_open, fill_all


@pytest.mark.gui
def test_issue_fill_merge_review_consolidate(demo: Report, tmp_path: Path, qtbot: QtBot) -> None:
    from esgdesk.gui.office.collection_form import COL_EXPLANATION, COL_VALUE, CollectionForm

    master = demo
    master.add_entity("east", "East plant", parent=master.entity)
    set_approach(master, "operational_control")
    owners = [a.department for a in departments(master) if a.indicators]
    files: dict[str, Path] = {}
    for dep in owners:
        files[dep] = tmp_path / f"{dep}.esg"
        issue(master, dep, files[dep], entity="east", deadline="2099-01-31")
    status = {s.department: s for s in department_status(master) if s.entity == "east"}
    assert {s.stage for s in status.values()} == {"issued"}

    entered = 0
    for dep, path in files.items():
        if dep == "finance":
            continue
        with open_collection(path, user=f"{dep}_clerk") as rep:
            entered += fill_all(rep, like=master)
            explain_open(rep)
            for section in claims_of(rep).sections:
                review.submit(rep, section)

    assert entered > 100
    with open_collection(files["finance"], user="finance_clerk") as rep:
        form = CollectionForm(rep)
        qtbot.addWidget(form)
        row = form.row_of("direct_economic_value")
        form.table.item(row, COL_VALUE).setText("250")
        assert rep.get("direct_economic_value", entity="east").number == 250
        form.table.item(row, COL_VALUE).setText("lots")  # refused, nothing stored
        assert form.message.text()  # says why
        assert rep.get("direct_economic_value").number == 250
        for r, ind_id in enumerate(form.rows):  # everything else as the published report has it
            published = master.get(ind_id)
            ind = rep.catalogue.indicators[ind_id]
            if published is not None and not ind.computed and r != row:
                form.table.item(r, COL_VALUE).setText(published.entered or display(published, ind))
        form.table.item(row, COL_EXPLANATION).setText("audited accounts")
        for f in Engine(rep).run_all():
            if f.indicator in form.rows and not f.explained and f.year == rep.year:
                form.table.item(form.row_of(f.indicator), COL_EXPLANATION).setText("checked with the auditors")
        for i in range(form.section.count()):
            form.section.setCurrentIndex(i)
            assert form.submit_current(), form.message.text()

    preview = preview_merge(master, list(files.values()))
    assert not preview.refused_files and not preview.refusals and not preview.conflicts
    result = apply_merge(master, preview)
    assert set(result.files) == {p.name for p in files.values()}
    assert master.get("direct_economic_value", entity="east").number == 250
    assert master.explanation("direct_economic_value", entity="east").text == "audited accounts"
    entry = [e for e in master.audit_log(indicator="direct_economic_value", entity="east") if e.field == "value"][-1]
    assert entry.source.startswith("merge:finance.esg#") and entry.user == master.user
    assert not master.integrity_problems

    status = {s.department: s for s in department_status(master) if s.entity == "east"}
    assert all(s.stage == "submitted" for s in status.values()), {d: s.stage for d, s in status.items()}
    at_home = {s.department: s for s in department_status(master) if s.entity == master.entity}
    assert {d: s.filled for d, s in status.items()} == {d: at_home[d].filled for d in status}
    review.approve(master, "financial", entity="east")
    approved = {s.department: s for s in department_status(master) if s.entity == "east"}
    assert approved["finance"].approved == 1

    east_elec = master.get("electricity_total", entity="east").number
    assert east_elec is not None
    outcome = consolidate(master)
    assert master.get("electricity_total").number == east_elec
    assert master.get("electricity_intensity").number == pytest.approx(east_elec / 10000 / (250 / 100))
    assert "turnover_rate" in outcome.not_consolidable
    findings = Engine(master).run_all()
    assert not [f for f in findings if f.entity == "east" and f.severity == "error"]
