"""Issue, return and merge collection files: what the ESG office may and may not take in."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from esgdesk.core.demo import write_demo
from esgdesk.core.errors import Refused
from esgdesk.core.store import Report
from esgdesk.core.values import Change, Key
from esgdesk.core.workflow import review
from esgdesk.core.workflow.collection import claims_of, issue, open_collection
from esgdesk.core.workflow.merge import apply_merge, preview_merge


def _issue(master: Report, dep: str, tmp_path: Path, deadline: str | None = None) -> Path:
    out = tmp_path / f"{dep}-{len(list(tmp_path.glob(dep + '*')))}.esg"
    issue(master, dep, out, deadline=deadline)
    return out


def test_collection_holds_only_its_department_with_last_year(demo: Report, tmp_path: Path) -> None:
    path = _issue(demo, "finance", tmp_path, deadline="2024-03-31")
    with open_collection(path, user="finance_clerk") as c:
        claims = claims_of(c)
        assert claims.department == "finance" and claims.deadline == "2024-03-31"
        assert claims.master_id == demo.meta.report_id
        held = {k[1] for k in c.value_map()}
        assert held and held <= set(claims.indicators)
        assert c.get("direct_economic_value", 2022) == demo.get("direct_economic_value", 2022)
        with pytest.raises(Refused, match="belongs to"):
            c.set_text("electricity_total", "5 kWh")
        with pytest.raises(Refused, match="reference"):
            c.set_text("direct_economic_value", "1,000", year=2022)


def test_merge_takes_the_departments_figures_and_records_their_file(demo: Report, tmp_path: Path) -> None:
    path = _issue(demo, "ehs", tmp_path)
    with open_collection(path, user="ehs_clerk") as c:
        c.set_text("water_total", "20,000 m3", why="meter reading")
        c.set_explanation("water_total", "a new meter since March")
    before = demo.path.read_bytes()
    preview = preview_merge(demo, [path])
    assert demo.path.read_bytes() == before  # a preview writes nothing
    assert [(i.kind, i.key[1]) for i in preview.changes] == [("value", "water_total"), ("explanation", "water_total")]
    result = apply_merge(demo, preview)
    assert result.values == 1 and result.backup.exists()
    assert demo.get("water_total").number == 20000
    assert demo.explanation("water_total").text == "a new meter since March"
    entry = [e for e in demo.audit_log(indicator="water_total") if e.field == "value"][-1]
    assert entry.source == f"merge:{path.name}#{claims_nonce(path)}"
    assert not demo.integrity_problems
    with Report.open(demo.path, readonly=True) as again:  # durable
        assert again.get("water_total").number == 20000


def claims_nonce(path: Path) -> str:
    with Report.open(path, readonly=True) as r:
        return claims_of(r).nonce


def test_a_figure_changed_in_the_master_since_issue_is_a_conflict(demo: Report, tmp_path: Path) -> None:
    path = _issue(demo, "ehs", tmp_path)
    demo.set_text("water_total", "18,000 m3", why="office correction")
    with open_collection(path) as c:
        c.set_text("water_total", "20,000 m3")
        c.set_text("electricity_total", "4.1 million kWh")
    preview = preview_merge(demo, [path])
    [conflict] = preview.conflicts
    assert conflict.key[1] == "water_total"
    assert conflict.master.number == 18000 and conflict.new.number == 20000 and conflict.base.number != 18000
    with pytest.raises(Refused, match="conflict"):
        apply_merge(demo, preview)
    assert demo.get("electricity_total").number != 4.1e6  # all or nothing
    apply_merge(demo, preview, {conflict.id: "master"})
    assert demo.get("water_total").number == 18000
    assert demo.get("electricity_total").number == 4.1e6


def test_conflict_resolved_for_the_file(demo: Report, tmp_path: Path) -> None:
    path = _issue(demo, "ehs", tmp_path)
    demo.set_text("water_total", "18,000 m3")
    with open_collection(path) as c:
        c.set_text("water_total", "20,000 m3")
    preview = preview_merge(demo, [path])
    apply_merge(demo, preview, {c.id: "file" for c in preview.conflicts})
    assert demo.get("water_total").number == 20000


def test_foreign_indicator_in_a_file_is_refused_and_listed(demo: Report, tmp_path: Path) -> None:
    path = _issue(demo, "ehs", tmp_path)
    with Report.open(path) as raw:
        # as a tool that writes the file without esgdesk's rules might
        raw.apply(
            [
                Change(Key(raw.entity, ind, raw.year), None, raw.parse(ind, text))
                for ind, text in (("employees_total", "9,999"), ("water_total", "20,000 m3"))
            ],
            kind_rules=False,
        )
    preview = preview_merge(demo, [path])
    assert [r.indicator for r in preview.refusals] == ["employees_total"]
    assert "belongs to hr" in preview.refusals[0].reason
    apply_merge(demo, preview)
    assert demo.get("employees_total").number != 9999
    assert demo.get("water_total").number == 20000


def test_file_of_another_report_is_refused(demo: Report, tmp_path: Path) -> None:
    other = Report.open(write_demo(tmp_path / "other.esg"))
    try:
        path = _issue(other, "ehs", tmp_path)
    finally:
        other.close()
    preview = preview_merge(demo, [path])
    assert not preview.files
    [refusal] = preview.refused_files
    assert "belongs to another report" in refusal.reason and "other.esg" in refusal.reason


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE vals SET num = 1 WHERE indicator = 'water_total' AND year = 2023",
        'UPDATE meta SET value = replace(value, \'"workflow.department":"ehs"\', \'"workflow.department":"hr"\') '
        "WHERE key = 'meta' AND value LIKE '%\"workflow.department\":\"ehs\"%'",
        "DELETE FROM explanations",
    ],
)
def test_file_altered_outside_the_app_is_refused(demo: Report, tmp_path: Path, tamper: str) -> None:
    path = _issue(demo, "ehs", tmp_path)
    with open_collection(path) as c:
        c.set_text("water_total", "20,000 m3")
        c.set_explanation("water_total", "new meter")
    db = sqlite3.connect(path)
    with db:
        assert db.execute(tamper).rowcount == 1
    db.close()
    preview = preview_merge(demo, [path])
    assert [r.file for r in preview.refused_files] == [path.name]
    assert "altered outside esgdesk" in preview.refused_files[0].reason
    assert not preview.items


def test_replayed_and_superseded_files_are_refused(demo: Report, tmp_path: Path) -> None:
    first = _issue(demo, "ehs", tmp_path)
    with open_collection(first) as c:
        c.set_text("water_total", "20,000 m3")
    copy = tmp_path / "copy.esg"
    copy.write_bytes(first.read_bytes())
    apply_merge(demo, preview_merge(demo, [first]))
    again = preview_merge(demo, [copy])
    assert "merged already" in again.refused_files[0].reason
    older = _issue(demo, "hr", tmp_path)
    _issue(demo, "hr", tmp_path)
    stale = preview_merge(demo, [older])
    assert "newer file" in stale.refused_files[0].reason


def test_one_merge_is_all_or_nothing(demo: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _issue(demo, "ehs", tmp_path)
    with open_collection(path) as c:
        c.set_text("water_total", "20,000 m3")
        c.set_explanation("water_total", "new meter")
    preview = preview_merge(demo, [path])
    import esgdesk.core.workflow.merge as merge_mod

    def broken(*a: object, **kw: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(merge_mod, "append_event", broken)
    with pytest.raises(Exception, match="disk is full"):
        apply_merge(demo, preview)
    with Report.open(demo.path, readonly=True, user="x") as seen:
        assert seen.get("water_total") == demo.get("water_total")
        assert seen.get("water_total").number != 20000
        assert seen.explanation("water_total") is None


def test_submit_send_back_and_reissue(demo: Report, tmp_path: Path) -> None:
    path = _issue(demo, "president_office", tmp_path)
    with open_collection(path) as c:
        c.set_text("donation_nursing_home", "0.1", why="receipt")
        review.submit(c, "community")
        with pytest.raises(Refused, match="submitted and is read-only"):
            c.set_text("donation_nursing_home", "0.2")
    apply_merge(demo, preview_merge(demo, [path]))
    assert demo.section_state("community").state == "submitted"
    review.send_back(demo, "community", "please attach the receipt")
    path2 = _issue(demo, "president_office", tmp_path)
    with open_collection(path2) as c2:
        claims = claims_of(c2)
        assert claims.comments == {"community": "please attach the receipt"}
        assert c2.section_state("community").comment == "please attach the receipt"
        assert c2.get("donation_nursing_home").number == 0.1
        c2.set_text("donation_nursing_home", "0.12")
        review.submit(c2, "community")
    preview = preview_merge(demo, [path, path2])
    assert "merged already" in preview.refused_files[0].reason
    apply_merge(demo, preview_merge(demo, [path2]))
    assert demo.get("donation_nursing_home").number == 0.12
    review.approve(demo, "community")
    with pytest.raises(Refused, match="approved"):
        demo.set_text("donation_nursing_home", "0.5")
    with pytest.raises(Refused, match="reason"):
        review.unlock(demo, "community", " ")
    review.unlock(demo, "community", "auditor found a typo")
    assert any(e.why == "auditor found a typo" for e in demo.audit_log())
    demo.set_text("donation_nursing_home", "0.13")


def test_submission_is_blocked_by_open_findings(demo: Report, tmp_path: Path) -> None:
    path = _issue(demo, "ehs", tmp_path)
    with open_collection(path) as c:
        with pytest.raises(Refused, match="findings are open"):
            review.submit(c, "emissions")
        assert c.section_state("emissions").state == "draft"


def test_review_needs_a_submitted_section(demo: Report) -> None:
    with pytest.raises(Refused, match="only a submitted section"):
        review.approve(demo, "community")
    with pytest.raises(Refused, match="comment"):
        review.send_back(demo, "community", "")


def test_any_way_of_opening_a_collection_file_keeps_the_department_rules(demo: Report, tmp_path: Path) -> None:
    import subprocess
    import sys

    path = _issue(demo, "ehs", tmp_path)
    with Report.open(path) as plain:  # not through open_collection
        with pytest.raises(Refused, match="belongs to hr"):
            plain.set_text("employees_total", "9,999")
        with pytest.raises(AttributeError):  # the rules are the store's to keep, not a list a caller clears
            plain.guards.clear()  # type: ignore[attr-defined]
        plain.set_text("water_total", "20,000 m3")
    proc = subprocess.run(
        [sys.executable, "-m", "esgdesk", "set", str(path), "employees_total", "9999"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "belongs to hr" in proc.stderr
