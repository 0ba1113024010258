"""Collection files across a move to another catalogue: new files carry the new catalogue; a file
issued before the move merges where its indicators still exist, in the new units, and lists the rest."""

from __future__ import annotations

from pathlib import Path

from esgdesk.core import catalogue_edit as ce
from esgdesk.core.store import Report
from esgdesk.core.store.integrity import check_report
from esgdesk.core.upgrade import apply_catalogue
from esgdesk.core.workflow.collection import issue, open_collection
from esgdesk.core.workflow.merge import apply_merge, preview_merge

TRAVEL = {
    "id": "ghg_scope3_travel",
    "label": {"en": "Scope 3 business-travel emissions"},
    "unit": "t CO2e",
    "type": "decimal",
    "decimals": 2,
    "min": 0,
}


def test_a_file_on_the_older_catalogue_merges_what_still_exists(demo: Report, tmp_path: Path) -> None:
    old_file = tmp_path / "ehs-old.esg"
    issue(demo, "ehs", old_file)
    cat = ce.retire_indicator(demo.catalogue, "waste_pallets", "pallets are reused now")
    cat = ce.edit_indicator(cat, "domestic_wastewater_total", {"unit": "kg"})
    apply_catalogue(demo, ce.add_indicator(cat, "emissions", TRAVEL), why="2024 catalogue")

    with open_collection(old_file) as c:
        c.set_text("water_total", "20,000 m3")
        c.set_text("domestic_wastewater_total", "1,000 t")
        c.set_text("waste_pallets", "3 t")
    preview = preview_merge(demo, [old_file])
    assert not preview.refused_files
    taken = {i.key[1]: i.new for i in preview.items}
    assert taken["water_total"].number == 20000
    assert taken["domestic_wastewater_total"].number == 1_000_000  # in the master's new unit
    assert taken["domestic_wastewater_total"].entered == "1,000 t"
    assert [r.indicator for r in preview.refusals] == ["waste_pallets"]
    assert "retired" in preview.refusals[0].reason
    apply_merge(demo, preview)
    assert demo.get("domestic_wastewater_total").number == 1_000_000
    assert demo.get("waste_pallets").number != 3
    demo.close()
    assert check_report(demo.path).ok


def test_a_file_issued_after_the_move_carries_the_new_catalogue(demo: Report, tmp_path: Path) -> None:
    apply_catalogue(demo, ce.add_indicator(demo.catalogue, "emissions", {**TRAVEL, "owner": "ehs"}))
    path = tmp_path / "ehs.esg"
    issue(demo, "ehs", path)
    with open_collection(path) as c:
        assert c.catalogue.version == demo.catalogue.version
        c.set_text("ghg_scope3_travel", "12.5")
    preview = preview_merge(demo, [path])
    assert [i.key[1] for i in preview.items] == ["ghg_scope3_travel"]


def test_a_group_with_a_retired_indicator_still_consolidates(demo: Report) -> None:
    from esgdesk.core.workflow.consolidation import consolidate, set_approach

    demo.add_entity("east", "East plant", parent=demo.entity)
    demo.set_text("electricity_total", "1,000 kWh", entity="east")
    demo.set_text("waste_pallets", "2 t", entity="east")
    kept = demo.get("waste_pallets")
    apply_catalogue(demo, ce.retire_indicator(demo.catalogue, "waste_pallets", "pallets are reused now"))
    set_approach(demo, "operational_control")
    result = consolidate(demo)
    assert demo.get("electricity_total").number == 1000
    assert demo.get("waste_pallets") == kept and "retired" in result.not_consolidable["waste_pallets"]
