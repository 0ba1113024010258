"""The ESG office edits a report's own catalogue: checked like `catalogue-check`, refused whole,
versioned, audited, undoable, and never at the cost of a figure the report holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esgdesk.core import catalogue_edit as ce
from esgdesk.core.catalogue import Catalogue, Text, load_catalogue
from esgdesk.core.catalogue_files import export_forms
from esgdesk.core.errors import CatalogueError, EsgdeskError, Refused
from esgdesk.core.store import Report
from esgdesk.core.store.integrity import check_report
from esgdesk.core.upgrade import apply_catalogue
from esgdesk.core.validation import validate
from tests.stores import check, reopen

pytestmark = pytest.mark.both_stores  # the tests using `mini` or `demo` run on a file and on a server

TRAVEL = {
    "id": "travel_co2",
    "label": {"en": "Business travel emissions", "zh": "差旅排放"},
    "unit": "t",
    "type": "decimal",
    "decimals": 1,
    "min": 0,
    "gri": [{"code": "305-3"}],
}


def catalogue_entries(rep: Report) -> list[Any]:
    return [e for e in rep.audit_log() if e.field in ("catalogue", "catalogue_version")]


def test_add_an_indicator_then_type_its_figure_with_its_checks(mini: Report) -> None:
    before = mini.catalogue.version
    apply_catalogue(mini, ce.add_indicator(mini.catalogue, "energy", TRAVEL), why="new GRI 305-3 disclosure")
    assert mini.catalogue.version == f"{before}+1"
    mini.set_text("travel_co2", "12.5 t")
    mini.set_text("travel_co2", "-3")
    findings = [f for f in validate(mini) if f.indicator == "travel_co2"]
    assert [f.rule for f in findings] == ["range"]  # its own plausible range applies at once
    added = [e for e in catalogue_entries(mini) if e.field == "catalogue"]
    assert added[-1].indicator == "travel_co2" and added[-1].user == "tester"
    assert added[-1].why == "new GRI 305-3 disclosure" and added[-1].new["change"] == "added"
    mini.close()
    with reopen(mini) as again:
        assert again.catalogue.indicators["travel_co2"].label.zh == "差旅排放"
        assert (v := again.get("travel_co2")) is not None and v.number == -3.0
        assert check(mini).ok


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"unit": "parsec"}, "unknown unit 'parsec'"),
        ({"formula": "electricity / nothing_here"}, "formula uses unknown indicator 'nothing_here'"),
        ({"formula": "electricity +"}, "formula does not parse"),
        ({"breakdown": {"of": "no_total"}}, "breakdown parent 'no_total' does not exist"),
        ({"owner": "nobody"}, "unknown owner department 'nobody'"),
        ({"min": 10, "max": 1}, "min 10"),
    ],
)
def test_a_change_that_would_break_the_catalogue_is_refused_whole(
    mini: Report, change: dict[str, Any], message: str
) -> None:
    snapshot, audit = mini.catalogue, len(mini.audit_log())
    with pytest.raises(CatalogueError, match=message):
        apply_catalogue(mini, ce.add_indicator(mini.catalogue, "energy", {**TRAVEL, **change}))
    assert mini.catalogue is snapshot and len(mini.audit_log()) == audit


def test_a_formula_cycle_is_refused(mini: Report) -> None:
    with pytest.raises(CatalogueError, match="cycle in formulas"):
        ce.edit_indicator(mini.catalogue, "revenue", {"formula": "electricity_intensity * 2"})


def test_the_id_is_fixed_once_it_holds_figures(mini: Report) -> None:
    renamed = ce.edit_indicator(mini.catalogue, "note", {"id": "remark"})
    apply_catalogue(mini, renamed)  # no figures yet: allowed
    mini.set_text("remark", "all sites")
    with pytest.raises(Refused, match="'remark' holds figures.*retire it instead"):
        apply_catalogue(mini, ce.edit_indicator(mini.catalogue, "remark", {"id": "comment"}))
    assert "remark" in mini.catalogue.indicators


def test_retired_figures_stay_readable_but_are_no_longer_collected(mini: Report) -> None:
    mini.set_text("staff", "120")
    mini.set_text("staff_male", "70")
    mini.set_text("staff_female", "50")
    with pytest.raises(CatalogueError, match="breakdown parent 'staff' is retired"):
        ce.retire_indicator(mini.catalogue, "staff", "no longer asked")
    apply_catalogue(mini, ce.retire_indicator(mini.catalogue, "staff_female", "replaced by a share"))
    assert (v := mini.get("staff_female")) is not None and v.number == 50  # nothing dropped
    with pytest.raises(Refused, match="retired"):
        mini.set_text("staff_female", "51")
    assert not [f for f in validate(mini) if f.indicator == "staff_female"]
    assert mini.catalogue.indicators["staff_female"].retired == "replaced by a share"


def test_undo_puts_the_previous_catalogue_back(mini: Report) -> None:
    first = mini.catalogue
    apply_catalogue(mini, ce.add_indicator(first, "energy", TRAVEL))
    apply_catalogue(mini, first, why="undo")
    assert set(mini.catalogue.indicators) == set(first.indicators)
    apply_catalogue(mini, ce.add_indicator(mini.catalogue, "energy", TRAVEL))
    mini.set_text("travel_co2", "3")
    with pytest.raises(Refused, match="holds figures"):
        apply_catalogue(mini, first, why="undo")  # the figure would lose its indicator


def test_a_changed_unit_converts_the_figures_and_keeps_what_was_typed(mini: Report) -> None:
    mini.set_text("electricity", "1,250 kWh")
    mini.set_text("electricity", "2 MWh", year=2022)
    plan = apply_catalogue(mini, ce.edit_indicator(mini.catalogue, "electricity", {"unit": "MWh"}))
    assert len(plan.conversions) == 2
    now, before = mini.get("electricity"), mini.get("electricity", 2022)
    assert now is not None and before is not None
    assert now.number == pytest.approx(1.25) and now.entered == "1,250 kWh" and now.entered_unit == "kWh"
    assert before.number == pytest.approx(2.0)
    mini.close()
    assert check(mini).ok


def test_a_unit_of_another_kind_is_refused_when_figures_exist(mini: Report) -> None:
    mini.set_text("electricity", "10")
    with pytest.raises(Refused, match="another kind of quantity"):
        apply_catalogue(mini, ce.edit_indicator(mini.catalogue, "electricity", {"unit": "kg"}))
    assert mini.catalogue.indicators["electricity"].unit == "kWh"


def test_sections_and_departments(mini: Report) -> None:
    cat = ce.add_department(mini.catalogue, "procurement", Text("Procurement", "采购部"))
    cat = ce.add_section(cat, "env", "supply_chain", Text("Supply chain"), "procurement", position=0)
    cat = ce.rename_section(cat, "money", Text("Money matters", "财务"))
    cat = ce.move_section(cat, "energy", 5)
    plan = apply_catalogue(mini, cat, why="new structure")
    assert [s.id for s in mini.catalogue.areas[0].sections] == ["supply_chain", "money", "energy"]
    assert {c.kind for c in plan.changes} == {
        "department_added",
        "section_added",
        "section_renamed",
        "sections_reordered",
    }
    assert "新增部门 1 项" in plan.summary("zh") and "1 department added" in plan.summary()
    assert any("章节更名" in line for line in plan.lines("zh"))
    with pytest.raises(CatalogueError, match="unknown owner department"):
        ce.add_section(mini.catalogue, "env", "other", Text("Other"), "nobody")
    with pytest.raises(CatalogueError, match="exists already"):
        ce.add_department(mini.catalogue, "ehs", Text("EHS"))


def test_the_catalogue_saved_as_a_forms_folder_loads_back_equal(mini: Report, tmp_path: Path) -> None:
    apply_catalogue(mini, ce.add_indicator(mini.catalogue, "energy", TRAVEL))
    apply_catalogue(mini, ce.retire_indicator(mini.catalogue, "note", "not needed"))
    folder = export_forms(mini.catalogue, tmp_path / "forms")
    assert load_catalogue(folder) == mini.catalogue
    with pytest.raises(Refused, match="empty folder"):
        export_forms(mini.catalogue, folder)


# -- random sequences of edits -----------------------------------------------------------------

_IDS = st.sampled_from(["electricity", "staff", "staff_male", "revenue", "note", "new_a", "new_b", "ph"])
_OPS = st.one_of(
    st.tuples(
        st.just("add"),
        _IDS,
        st.sampled_from(["energy", "money", "nowhere"]),
        st.sampled_from(["kWh", "t", "parsec", "%"]),
        st.sampled_from([None, "electricity * 2", "new_a + 1", "missing + 1"]),
    ),
    st.tuples(
        st.just("edit"),
        _IDS,
        st.sampled_from(["unit", "label", "formula", "id", "owner", "min"]),
        st.sampled_from(["MWh", "kg", "x", "new_b", "staff * 2", "finance", "-1"]),
    ),
    st.tuples(st.just("retire"), _IDS),
    st.tuples(st.just("value"), _IDS, st.sampled_from(["5", "12 MWh", "n/a", "abc"])),
    st.tuples(st.just("section"), st.sampled_from(["energy", "money", "extra"]), st.integers(0, 3)),
    st.tuples(st.just("undo")),
)


def _apply(rep: Report, history: list[Catalogue], op: tuple[Any, ...]) -> None:
    cat = rep.catalogue
    kind = op[0]
    if kind == "add":
        _, ind, sec, unit, formula = op
        new = ce.add_indicator(
            cat, sec, {"id": ind, "label": {"en": ind}, "unit": unit, "type": "decimal", "formula": formula}
        )
    elif kind == "edit":
        _, ind, field, value = op
        changes: dict[str, Any] = {"label": {"en": value}} if field == "label" else {field: value}
        new = ce.edit_indicator(cat, ind, changes)
    elif kind == "retire":
        new = ce.retire_indicator(cat, op[1], "random")
    elif kind == "section":
        _, sec, pos = op
        new = (
            ce.move_section(cat, sec, pos) if sec in cat.sections else ce.add_section(cat, "env", sec, Text(sec), "ehs")
        )
    elif kind == "value":
        rep.set_text(op[1], op[2])
        return
    else:
        if not history:
            return
        new = history[-1]
    apply_catalogue(rep, new, why=kind)
    if kind == "undo":
        history.pop()
    else:
        history.append(cat)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(_OPS, max_size=12))
def test_random_edit_sequences_always_leave_a_report_that_reopens(
    tmp_path: Path, mini_catalogue: Catalogue, ops: list[tuple[Any, ...]]
) -> None:
    path = tmp_path / f"random-{abs(hash(tuple(ops)))}.esg"
    rep = Report.create(path, mini_catalogue, company="ACME", year=2023, entity_id="acme", overwrite=True)
    history: list[Catalogue] = []
    held: dict[tuple[str, str, int], Any] = {}
    try:
        for op in ops:
            before, figures = rep.catalogue, dict(rep.value_map())
            try:
                _apply(rep, history, op)
            except EsgdeskError:  # refused whole: the report is as it was
                assert rep.catalogue is before and dict(rep.value_map()) == figures
            held = {k: v for k, v in rep.value_map().items()}
            assert set(k[1] for k in held) <= set(rep.catalogue.indicators)
        final = rep.catalogue
    finally:
        rep.close()
    with Report.open(path) as again:
        assert again.catalogue == final
        assert dict(again.value_map()) == held
        validate(again)
    assert check_report(path).ok
    path.unlink()


def test_evidence_also_fixes_the_id(mini: Report) -> None:
    mini.attach("note", "minutes.pdf", b"%PDF-1.4 minutes")
    with pytest.raises(Refused, match="'note' holds figures"):
        apply_catalogue(mini, ce.edit_indicator(mini.catalogue, "note", {"id": "remark"}))
    assert [a.indicator for a in mini.attachments()] == ["note"]
