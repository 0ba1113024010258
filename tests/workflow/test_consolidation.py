"""Group figures: summed over the entities in scope, ratios recomputed, the rest said to be not consolidable."""

from __future__ import annotations

from pathlib import Path

import pytest

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import Refused
from esgdesk.core.store import Report
from esgdesk.core.values import Value
from esgdesk.core.workflow.consolidation import consolidate, set_approach


def _group(rep: Report) -> None:
    rep.add_entity("east", "East plant", parent=rep.entity, ownership=0.6)
    rep.add_entity("west", "West plant", parent=rep.entity, ownership=1.0)
    rep.add_entity("far", "Far plant", parent=rep.entity, in_scope=False)
    for ent, elec, rev, turnover in (
        ("east", "1,000 kWh", "100", "10%"),
        ("west", "3,000 kWh", "300", "30%"),
        ("far", "99,000 kWh", "9,900", "50%"),
    ):
        rep.set_text("electricity_total", elec, entity=ent)
        rep.set_text("direct_economic_value", rev, entity=ent)
        rep.set_text("turnover_rate", turnover, entity=ent)


def test_operational_control_sums_entities_in_scope_and_recomputes_ratios(demo: Report) -> None:
    _group(demo)
    with pytest.raises(Refused, match="approach"):
        consolidate(demo)
    set_approach(demo, "operational_control")
    typed_turnover = demo.get("turnover_rate")
    result = consolidate(demo)
    assert demo.get("electricity_total").number == 4000
    assert demo.get("direct_economic_value").number == 400
    # 4,000 kWh / 10^4 / (RMB 400 million / 100): recomputed from the totals, not summed
    assert demo.get("electricity_intensity").number == pytest.approx(4000 / 10000 / 4)
    assert "turnover_rate" in result.not_consolidable and "percentage" in result.not_consolidable["turnover_rate"]
    assert demo.get("turnover_rate") == typed_turnover
    assert set(result.entities) == {"east", "west"}
    assert ("electricity_total", 2023) in result.replaced_typed
    assert all(e.source == "consolidation" for e in demo.audit_log(indicator="electricity_total", entity="luster")[-1:])


def test_equity_share_weights_by_ownership(demo: Report) -> None:
    _group(demo)
    set_approach(demo, "equity_share")
    consolidate(demo)
    assert demo.get("electricity_total").number == pytest.approx(0.6 * 1000 + 3000)


def test_scope_change_and_reconsolidation(demo: Report) -> None:
    _group(demo)
    set_approach(demo, "operational_control")
    consolidate(demo)
    demo.update_entity("far", in_scope=True)
    consolidate(demo)
    assert demo.get("electricity_total").number == 103000


def test_consolidated_group_figures_cannot_be_typed(demo: Report) -> None:
    _group(demo)
    set_approach(demo, "operational_control")
    consolidate(demo)
    with pytest.raises(Refused, match="consolidated from its entities"):
        demo.set_text("electricity_total", "5 kWh")
    demo.set_text("turnover_rate", "12%")  # not consolidable: the group's own figure is typed
    demo.set_text("electricity_total", "7 kWh", entity="east")


def test_no_entity_in_scope_is_refused(demo: Report) -> None:
    set_approach(demo, "financial_control")
    with pytest.raises(Refused, match="no entity"):
        consolidate(demo)


def test_a_published_years_group_figures_are_kept_as_published(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    rep = Report.create(tmp_path / "g.esg", mini_catalogue, company="Group", year=2023, entity_id="group")
    rep.add_entity("a", "A", parent="group")
    rep.add_entity("b", "B", parent="group")
    for ent, n in (("a", "100"), ("b", "50")):
        rep.set_text("staff", n, entity=ent, year=2022)
        rep.set_text("staff", n, entity=ent)
    set_approach(rep, "operational_control")
    consolidate(rep)
    assert rep.get("staff", 2022).number == 150
    rep.mark_published(2022)
    rep.restate("staff", Value(number=60.0, entered="60", decimals=0), year=2022, entity="b", reason="recount")
    result = consolidate(rep)  # not refused because 2022 is published: its group figure stays as published
    assert ("staff", 2022) in result.published_kept
    assert rep.get("staff", 2022).number == 150
    assert rep.get("staff").number == 150
    rep.close()
