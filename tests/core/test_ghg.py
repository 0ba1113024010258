"""Scope 1 and 2 from activity data with the catalogue's factor set, and the record of which set."""

from __future__ import annotations

from pathlib import Path

import pytest

from esgdesk.core.catalogue import Catalogue, Severity
from esgdesk.core.validation import Engine
from tests.core.rules_helpers import ENTITY, findings, new_report, put


def test_scopes_from_activity_data(tmp_path: Path, catalogue: Catalogue) -> None:
    fs = catalogue.factor_set()
    assert fs is not None
    gas = fs.factor("natural_gas_co2e_per_m3")
    grid = fs.factor("grid_co2e_per_mwh")
    assert gas is not None and grid is not None and gas.source and grid.source and grid.year >= 2020
    with new_report(tmp_path / "g.esg", catalogue) as rep:
        put(rep, {"natural_gas_total": "81,632", "electricity_total": "4.06 million kWh"})
        engine = Engine(rep)
        engine.run_all()
        assert engine.computed("ghg_scope1", 2023, ENTITY) == pytest.approx(81632 * gas.value)
        assert engine.computed("ghg_scope2", 2023, ENTITY) == pytest.approx(4060 * grid.value)
        assert engine.computed("ghg_total", 2023, ENTITY) == pytest.approx(81632 * gas.value + 4060 * grid.value)


def test_the_result_records_the_factor_set(tmp_path: Path, catalogue: Catalogue) -> None:
    with new_report(tmp_path / "g.esg", catalogue) as rep:
        engine = Engine(rep)
        fs = engine.factor_set
        assert fs is not None and fs.id == catalogue.factor_sets[0].id
        meta = engine.computed_meta("ghg_total")
        assert meta["factor_set"] == fs.id and meta["factor_set_version"] == fs.version
        assert {f["id"] for f in meta["factors"]} == {"natural_gas_co2e_per_m3", "grid_co2e_per_mwh"}
        assert all(f["source"] and f["year"] for f in meta["factors"])
        assert "factor_set" not in engine.computed_meta("water_intensity")


def _with_second_set(catalogue: Catalogue, grid: float) -> Catalogue:
    data = catalogue.model_dump(by_alias=True)
    newer = dict(data["factor_sets"][0])
    newer.update(
        id="cn_test",
        version="test.1",
        factors=[dict(f, value=grid) if f["id"] == "grid_co2e_per_mwh" else f for f in newer["factors"]],
    )
    data["factor_sets"] = [*data["factor_sets"], newer]
    return Catalogue.model_validate(data)


def test_a_report_can_name_another_factor_set(tmp_path: Path, catalogue: Catalogue) -> None:
    cat = _with_second_set(catalogue, 0.5)
    with new_report(tmp_path / "g.esg", cat, factor_set="cn_test") as rep:
        put(rep, {"electricity_total": "1,000 MWh"})
        engine = Engine(rep)
        engine.run_all()
        assert engine.factor_set is not None and engine.factor_set.id == "cn_test"
        assert engine.computed("ghg_scope2", 2023, ENTITY) == pytest.approx(500)


def test_mismatch_on_an_emission_names_the_factor_set(tmp_path: Path, catalogue: Catalogue) -> None:
    with new_report(tmp_path / "g.esg", catalogue) as rep:
        put(rep, {"electricity_total": "1,000 MWh", "ghg_scope2": "900"})
        [f] = findings(rep, "ghg_scope2", "computed")
        assert f.data["factor_set"] == catalogue.factor_sets[0].id
        assert f.data["factor_set_version"] == catalogue.factor_sets[0].version


def test_a_factor_missing_from_the_set_is_an_error(tmp_path: Path, catalogue: Catalogue) -> None:
    data = catalogue.model_dump(by_alias=True)
    data["factor_sets"][0]["factors"] = [f for f in data["factor_sets"][0]["factors"] if f["id"] != "grid_co2e_per_mwh"]
    cat = Catalogue.model_validate(data)
    with new_report(tmp_path / "g.esg", cat) as rep:
        put(rep, {"electricity_total": "1,000 MWh"})
        [f] = findings(rep, "ghg_scope2", "ghg.factor_missing")
        assert f.severity == Severity.ERROR and "grid_co2e_per_mwh" in f.message
