"""Each rule kind on the real catalogue: figures that pass, figures that fail, and what the finding says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from esgdesk.core.catalogue import Catalogue, Severity
from esgdesk.core.store import Report
from esgdesk.core.validation import Engine
from tests.core.rules_helpers import ENTITY, findings, new_report, put


@pytest.fixture
def rep(tmp_path: Path, catalogue: Catalogue) -> Iterator[Report]:
    r = new_report(tmp_path / "r.esg", catalogue)
    yield r
    r.close()


# -- type and range --------------------------------------------------------------------------


def test_percent_above_one_hundred_is_an_error(rep: Report) -> None:
    put(rep, {"customer_satisfaction": "90%"})
    assert findings(rep, "customer_satisfaction", "range") == []
    put(rep, {"customer_satisfaction": "190%"})
    [f] = findings(rep, "customer_satisfaction", "range")
    assert f.severity == Severity.ERROR and "190%" in f.message and "100%" in f.message


def test_plausible_range_declared_per_indicator(rep: Report) -> None:
    put(rep, {"wastewater_ph": "7.4-7.5"})
    assert findings(rep, "wastewater_ph", "range") == []
    put(rep, {"wastewater_ph": "7.4-15"})
    assert len(findings(rep, "wastewater_ph", "range")) == 1


def test_negative_quantity_is_an_error(rep: Report) -> None:
    put(rep, {"water_total": "-5"})
    [f] = findings(rep, "water_total", "range")
    assert "sign" in f.message


# -- computed indicators ---------------------------------------------------------------------


def test_computed_figure_is_calculated(rep: Report) -> None:
    put(rep, {"rnd_investment": "460", "direct_economic_value": "2,641"})
    engine = Engine(rep)
    engine.run_all()
    assert engine.computed("rnd_expense_ratio", 2023, ENTITY) == pytest.approx(460 / 2641 * 100)


def test_typed_value_of_a_computed_figure_that_differs_shows_both(rep: Report) -> None:
    put(rep, {"rnd_investment": "460", "direct_economic_value": "2,641", "rnd_expense_ratio": "22.33%"})
    [f] = findings(rep, "rnd_expense_ratio", "computed")
    assert f.severity == Severity.ERROR
    assert "22.33%" in f.message and "17.42%" in f.message and "460" in f.message and "2,641" in f.message
    assert "22.33%" in f.message_zh and "17.42%" in f.message_zh


def test_typed_value_within_rounding_of_the_calculation_passes(rep: Report) -> None:
    # 0.187 / 26.41 = 0.00708: printed 0.007 to three decimals is right
    put(rep, {"waste_hazardous_total": "0.187", "direct_economic_value": "2,641", "waste_hazardous_intensity": "0.007"})
    assert findings(rep, "waste_hazardous_intensity", "computed") == []
    put(rep, {"waste_hazardous_intensity": "0.009"})
    assert len(findings(rep, "waste_hazardous_intensity", "computed")) == 1


def test_a_tenfold_slip_is_named(rep: Report) -> None:
    put(
        rep, {"waste_nonhazardous_total": "1.5", "direct_economic_value": "2,749", "waste_nonhazardous_density": "0.55"}
    )
    [f] = findings(rep, "waste_nonhazardous_density", "computed")
    assert "0.0546" in f.message and "0.55" in f.message and "10 times" in f.message


def test_intensity_moving_against_its_inputs(rep: Report) -> None:
    put(
        rep,
        {"waste_nonhazardous_total": "1.5", "direct_economic_value": "2,749", "waste_nonhazardous_density": "0.55"},
        year=2022,
    )
    put(
        rep,
        {"waste_nonhazardous_total": "3.56", "direct_economic_value": "2,641", "waste_nonhazardous_density": "0.13"},
    )
    [f] = findings(rep, "waste_nonhazardous_density", "intensity.direction")
    assert f.year == 2023 and "fell" in f.message and "rose" in f.message
    put(rep, {"waste_nonhazardous_density": "0.055"}, year=2022)
    assert findings(rep, "waste_nonhazardous_density", "intensity.direction") == []


# -- cross-field checks and running totals ---------------------------------------------------


def test_check_declared_in_the_catalogue(rep: Report) -> None:
    put(rep, {"domestic_wastewater_total": "6,206", "water_total": "19,018"})
    assert findings(rep, rule="check") == []
    put(rep, {"domestic_wastewater_total": "20,000"})
    [f] = findings(rep, rule="check")
    assert f.rule == "check.wastewater_within_water_use" and f.indicator == "domestic_wastewater_total"
    assert "20,000" in f.message and "19,018" in f.message  # the catalogue's {placeholders}, filled


def test_check_with_a_missing_input_says_nothing(rep: Report) -> None:
    put(rep, {"domestic_wastewater_total": "20,000"})
    assert findings(rep, rule="check") == []


def test_new_patents_within_cumulative(rep: Report) -> None:
    put(rep, {"patents_new": "199", "patents_total": "150"})
    [f] = findings(rep, rule="check.patents_new_within_total")
    assert f.severity == Severity.ERROR


def test_cumulative_count_that_falls(rep: Report) -> None:
    put(rep, {"patents_total": "600"}, year=2022)
    put(rep, {"patents_total": "709"})
    assert findings(rep, "patents_total", "cumulative") == []
    put(rep, {"patents_total": "590"})
    [f] = findings(rep, "patents_total", "cumulative")
    assert "600" in f.message and "590" in f.message and "10" in f.message


# -- year over year --------------------------------------------------------------------------


def test_relative_change_beyond_threshold_needs_an_explanation(rep: Report) -> None:
    put(rep, {"water_total": "17,103"}, year=2022)
    put(rep, {"water_total": "19,018"})  # +11 %: within 30 %
    assert findings(rep, "water_total", "yoy") == []
    put(rep, {"water_total": "25,000"})  # +46 %
    [f] = findings(rep, "water_total", "yoy")
    assert f.severity == Severity.WARNING and not f.explained and "+46%" in f.message and "30%" in f.message
    rep.set_explanation("water_total", "New Suzhou plant opened in March.")
    [f] = findings(rep, "water_total", "yoy")
    assert f.explained


def test_percent_changes_in_points(rep: Report) -> None:
    put(rep, {"supplier_anticorruption_agreement_rate": "47.8%"}, year=2022)
    put(rep, {"supplier_anticorruption_agreement_rate": "51.8%"})  # +4 points: within 5
    assert findings(rep, "supplier_anticorruption_agreement_rate", "yoy") == []
    put(rep, {"supplier_anticorruption_agreement_rate": "66.3%"})
    [f] = findings(rep, "supplier_anticorruption_agreement_rate", "yoy")
    assert "+18.50 percentage points" in f.message


def test_floor_keeps_tiny_quantities_quiet(rep: Report) -> None:
    # 0.003 t -> 0.006 t is +100 %, but 3 kg is under the 0.05 t floor
    put(rep, {"waste_haz_activated_carbon": "0.003"}, year=2022)
    put(rep, {"waste_haz_activated_carbon": "0.006"})
    assert findings(rep, "waste_haz_activated_carbon", "yoy") == []
    put(rep, {"waste_haz_activated_carbon": "0.090"})
    assert len(findings(rep, "waste_haz_activated_carbon", "yoy")) == 1


def test_computed_change_carried_by_an_input_is_not_asked_twice(rep: Report) -> None:
    put(rep, {"water_total": "10,000", "direct_economic_value": "2,000"}, year=2022)
    put(rep, {"water_total": "20,000", "direct_economic_value": "2,000"})
    assert [f.indicator for f in findings(rep, rule="yoy")] == ["water_total"]
    # water +25 % and revenue -8 %, each within its threshold, move the intensity by +36 %: that is asked
    put(rep, {"water_total": "12,500", "direct_economic_value": "1,840"})
    [f] = findings(rep, rule="yoy")
    assert f.indicator == "water_intensity" and "+36%" in f.message


# -- completeness ----------------------------------------------------------------------------


def test_required_figure_left_empty(rep: Report) -> None:
    assert any(f.indicator == "water_total" for f in findings(rep, rule="required"))
    put(rep, {"water_total": "\\: no metered supply"})
    assert not any(f.indicator == "water_total" for f in findings(rep, rule="required"))


def test_gri_disclosure_without_data(rep: Report, catalogue: Catalogue) -> None:
    claimed = {e.disclosure for e in catalogue.gri_index}
    assert "303-5" in claimed or "303-3" in claimed
    found = [f for f in findings(rep, rule="gri.no_data") if f.data["disclosure"] in ("303-5", "303-3")]
    assert found and found[0].severity in (Severity.INFO, Severity.WARNING)
    put(rep, {"water_total": "19,018"})
    assert not [f for f in findings(rep, rule="gri.no_data") if f.data["disclosure"] in ("303-5", "303-3")]


def test_messages_have_both_languages(rep: Report) -> None:
    put(rep, {"patents_new": "199", "patents_total": "150", "customer_satisfaction": "190%"})
    for f in findings(rep):
        assert f.message and f.message_zh and f.message != f.message_zh
