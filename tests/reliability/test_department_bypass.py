"""Ways around the department rules (a figure of another department edited into the file by hand,
an old returned file replayed, a file issued for another report) are refused, and the refusal is
logged in the master report's audit log."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from esgdesk.core.demo import write_demo
from esgdesk.core.store import Report
from esgdesk.core.workflow.collection import issue, open_collection
from esgdesk.core.workflow.merge import apply_merge, preview_merge
from tests.reliability.support import record


def test_each_bypass_is_refused_and_logged(demo: Report, tmp_path: Path) -> None:
    # 1. An HR file in which an EHS figure is written straight into the database.
    hand = tmp_path / "hr-hand.esg"
    issue(demo, "hr", hand)
    db = sqlite3.connect(hand)
    with db:
        assert (
            db.execute(
                "INSERT OR REPLACE INTO vals (entity, indicator, year, status, entered, num, updated_at, updated_by) "
                "VALUES ('luster', 'water_total', 2023, 'reported', '1', 1, '2024-01-01T00:00:00Z', 'mallory')"
            ).rowcount
            == 1
        )
    db.close()
    # 2. A returned file merged once, then sent again.
    first = tmp_path / "ehs-first.esg"
    issue(demo, "ehs", first)
    with open_collection(first) as c:
        c.set_text("water_total", "20,000 m3")
    replay = tmp_path / "ehs-replay.esg"
    replay.write_bytes(first.read_bytes())
    apply_merge(demo, preview_merge(demo, [first]))
    # 3. A file issued from another report.
    with Report.open(write_demo(tmp_path / "other.esg")) as other:
        foreign = tmp_path / "ehs-foreign.esg"
        issue(other, "ehs", foreign)
    before = demo.get("water_total")
    preview = preview_merge(demo, [hand, replay, foreign])
    refused = {r.file: r.reason for r in preview.refused_files}
    assert set(refused) == {hand.name, replay.name, foreign.name}, refused
    assert "altered outside esgdesk" in refused[hand.name]
    assert "merged already" in refused[replay.name]
    assert "another report" in refused[foreign.name]
    apply_merge(demo, preview)
    assert demo.get("water_total") == before
    logged = json.dumps([e.new for e in demo.audit_log()], ensure_ascii=False)
    for name in (hand.name, replay.name, foreign.name):
        assert name in logged, f"the refusal of {name} is not in the audit log"
    record("department_bypass", tried=3, refused=3, logged=3)
