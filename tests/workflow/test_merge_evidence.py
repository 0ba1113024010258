"""Collection files carry the department's evidence both ways, and a merge brings it in, checked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from esgdesk.core.errors import Refused
from esgdesk.core.store import Report
from esgdesk.core.workflow.collection import issue, open_collection
from esgdesk.core.workflow.merge import apply_merge, preview_merge

BILL = b"%PDF water bill 2023"
METER = b"\xff\xd8 meter photo"


def _issue(master: Report, dep: str, tmp_path: Path) -> Path:
    out = tmp_path / f"{dep}.esg"
    issue(master, dep, out)
    return out


def test_evidence_goes_out_with_the_file_and_comes_back_with_the_merge(demo: Report, tmp_path: Path) -> None:
    demo.attach("water_total", "water-bill-2023.pdf", BILL, note="sent by the office")
    demo.attach("direct_economic_value", "annual-accounts.pdf", b"finance")  # another department's figure
    path = _issue(demo, "ehs", tmp_path)
    with open_collection(path, user="ehs_clerk") as c:
        assert [a.name for a in c.attachments()] == ["water-bill-2023.pdf"]  # only its own figures' evidence
        assert c.evidence_bytes(c.attachments()[0].sha256) == BILL
        c.attach("water_total", "meter-march.jpg", METER, note="new meter")
        with pytest.raises(Refused, match="belongs to"):
            c.attach("direct_economic_value", "x.pdf", b"x")
        with pytest.raises(Refused, match="reference"):
            c.attach("water_total", "old.pdf", b"old", year=2022)
    preview = preview_merge(demo, [path])
    assert [(i.attachment.name, i.attachment.added_by) for i in preview.attachments] == [
        ("meter-march.jpg", "ehs_clerk")
    ]  # the issued bill is not brought in twice
    result = apply_merge(demo, preview)
    assert result.attachments == 1
    names = [a.name for a in demo.attachments(target="water_total")]
    assert names == ["water-bill-2023.pdf", "meter-march.jpg"]
    [meter] = [a for a in demo.attachments() if a.name == "meter-march.jpg"]
    assert demo.evidence_bytes(meter.sha256) == METER and meter.note == "new meter"
    entry = [e for e in demo.audit_log(indicator="water_total") if e.field == "attachment"][-1]
    assert entry.source.startswith(f"merge:{path.name}#")
    assert demo.integrity_problems == []


def test_hostile_attachments_in_a_returned_file_are_refused(demo: Report, tmp_path: Path) -> None:
    path = _issue(demo, "ehs", tmp_path)
    with open_collection(path) as c:
        c.attach("water_total", "meter.jpg", METER)
        c.attach("electricity_total", "bill.pdf", BILL)
    db = sqlite3.connect(path)  # edited outside the app
    db.execute("UPDATE attachments SET name = '../../../etc/cron.d/evil' WHERE name = 'meter.jpg'")
    db.execute(
        "UPDATE evidence_files SET data = ? WHERE sha256 = (SELECT sha256 FROM attachments WHERE name = 'bill.pdf')",
        (b"forged",),
    )
    db.commit()
    db.close()
    preview = preview_merge(demo, [path])
    assert preview.attachments == []
    reasons = [r.reason for r in preview.refusals]
    assert any("could escape the folder" in r for r in reasons)
    assert any("damaged" in r for r in reasons)
    apply_merge(demo, preview)
    assert demo.attachments() == []


@pytest.mark.gui
def test_the_merge_dialog_lists_the_evidence_it_brings_in(demo: Report, tmp_path: Path, qtbot: object) -> None:
    from PySide6.QtWidgets import QLabel

    from esgdesk.gui.office.merge_dialog import MergeDialog

    path = _issue(demo, "ehs", tmp_path)
    with open_collection(path) as c:
        c.attach("water_total", "meter-march.jpg", METER)
    dialog = MergeDialog(demo, preview_merge(demo, [path]))
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    assert any("1 evidence file(s) to bring in: meter-march.jpg" in t for t in texts)
    dialog.merge_button.click()
    assert [a.name for a in demo.attachments()] == ["meter-march.jpg"]
