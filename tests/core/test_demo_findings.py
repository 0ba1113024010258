"""The published LUSTER 2023 report, checked: the problems and surprises found in it by hand.

Each finding below was verified against the printed figures (Appendix I and the narrative).
"""

from __future__ import annotations

import pytest

from esgdesk.core.catalogue import Severity
from esgdesk.core.findings import Finding
from esgdesk.core.store import Report
from esgdesk.core.validation import Engine

ENTITY = "luster"


@pytest.fixture
def found(demo: Report) -> list[Finding]:
    return Engine(demo).run_all()


def one(found: list[Finding], indicator: str, year: int, rule: str) -> Finding:
    hits = [f for f in found if (f.indicator, f.year) == (indicator, year) and f.rule == rule]
    assert len(hits) == 1, f"{indicator} {year} {rule}: {[(f.indicator, f.year, f.rule) for f in found]}"
    return hits[0]


def test_2022_nonhazardous_waste_density_printed_ten_times_too_high(found: list[Finding]) -> None:
    # printed 0.55 t per RMB 100 million; 1.5 t / 27.49 = 0.0546
    f = one(found, "waste_nonhazardous_density", 2022, "computed")
    assert f.data["typed"] == 0.55 and f.data["computed"] == pytest.approx(1.5 / 27.49)
    assert f.severity == Severity.WARNING  # a published prior year: to restate, not to block 2023
    assert "0.55" in f.message and "0.0546" in f.message and "10 times" in f.message


def test_printed_density_trend_is_reversed(found: list[Finding]) -> None:
    # printed 0.55 -> 0.13 (a fall); from the inputs 0.0546 -> 0.135 (a rise of 147 %)
    f = one(found, "waste_nonhazardous_density", 2023, "intensity.direction")
    assert f.data["typed_change"] < 0 < f.data["implied_change"]


def test_rnd_expense_ratio_printed_22_33_is_17_42(found: list[Finding]) -> None:
    f = one(found, "rnd_expense_ratio", 2023, "computed")
    assert f.severity == Severity.ERROR
    assert f.data["computed"] == pytest.approx(460 / 2641 * 100)
    assert "22.33%" in f.message and "17.42%" in f.message


def test_two_training_hour_rows_differ_by_one_in_2022(found: list[Finding]) -> None:
    f = one(found, "training_hours_annual", 2022, "check.training_hours_rows_agree")
    assert "26,984" in f.message and "26,985" in f.message
    assert not [g for g in found if g.indicator == "training_hours_annual" and g.year == 2023]


def test_employees_by_education_lack_a_part(found: list[Finding]) -> None:
    # 829 + 503 + 17 = 1,349 of 1,981: associate degree and below (632) is not in the data
    f = one(found, "employees_total", 2023, "breakdown.incomplete.education")
    assert f.data["missing"] == ["employees_edu_associate_below"]
    assert f.data["rest"] == [632, 632]


def test_employees_above_40_only_given_by_their_parts(found: list[Finding]) -> None:
    # 176 + 23 = 199, and 651 + 1,131 + 199 = 1,981: the age split is otherwise consistent
    f = one(found, "employees_age_above_40", 2023, "breakdown.total_missing.age")
    assert f.data["parts_sum"] == 199
    assert not [g for g in found if g.indicator == "employees_total" and g.year == 2023 and g.rule.endswith(".age")]


def test_2022_rnd_staff_education_shares_add_to_99_51(found: list[Finding]) -> None:
    f = one(found, "rnd_headcount", 2022, "breakdown.share.education")
    assert f.data["parts_sum"] == pytest.approx(99.51)
    # 2023: 52.90 + 45.69 + 1.42 = 100.01, within the rounding of three printed shares
    assert not [
        g for g in found if g.indicator == "rnd_headcount" and g.year == 2023 and g.rule.startswith("breakdown")
    ]


def test_new_patents_by_type_lack_utility_and_design(found: list[Finding]) -> None:
    f = one(found, "patents_new", 2023, "breakdown.incomplete.patent_type")
    assert f.data["missing"] == ["patents_new_utility", "patents_new_design"] and f.data["rest"] == [140, 140]


def test_trainees_by_rank_lack_management(found: list[Finding]) -> None:
    f = one(found, "trainees_total", 2023, "breakdown.incomplete.rank")
    assert "at most 568" in f.message  # 2,068 trainees, more than 1,500 of them ordinary employees


@pytest.mark.parametrize(
    ("indicator", "change"),
    [
        ("waste_total", 3.747 / 1.503 - 1),
        ("waste_hazardous_total", 0.187 / 0.003 - 1),
        ("nmhc_concentration", 0.35 / 1.2 - 1),
        ("turnover_rate_age_above_40", 21.33 - 11.76),
        ("supplier_anticorruption_agreement_rate", 66.3 - 47.8),
        ("rnd_edu_share_postgrad", 45.69 - 39.32),
        ("rnd_edu_share_undergrad_below", 52.90 - 58.62),
    ],
)
def test_changes_that_need_an_explanation(found: list[Finding], indicator: str, change: float) -> None:
    f = one(found, indicator, 2023, "yoy")
    assert f.severity == Severity.WARNING and not f.explained
    assert f.data["change"] == pytest.approx(change)


def test_what_is_consistent_is_not_flagged(found: list[Finding]) -> None:
    consistent = {
        "board_size",  # 4 + 5 = 9; shares 33.33 + 66.67; expertise 66.67 + 3 x 11.11
        "new_hires_total",  # age, location and education shares each total 100
        "waste_total",
        "waste_hazardous_total",
        "waste_nonhazardous_total",  # both years add up ('\\' = 0)
        "turnover_rate",  # between its gender rates and its age rates, both years
        "water_intensity",
        "natural_gas_intensity",
        "electricity_intensity",
        "waste_hazardous_intensity",
        "quality_problem_closure_rate",  # 92% and 87% printed; 91.997% and 86.97% computed
    }
    steady = {
        "tin_compounds_concentration",  # 1.7*10-5 vs 1.8*10-5: far under the floor
        "waste_haz_activated_carbon",  # 0.003 t -> 0.006 t: +100 %, but 3 kg
        "direct_economic_value",
        "employees_total",
        "water_total",
        "natural_gas_total",  # -3.9, -3.8, +11, -20 %
        "quality_problem_closure_rate",  # 87% -> 92%: 5 points, not beyond
        "water_intensity",
        "waste_nonhazardous_density",  # moved with their inputs, which carry the explanation
    }
    noisy = [
        f
        for f in found
        if (
            f.indicator in consistent
            and f.rule.startswith(
                ("breakdown.sum", "breakdown.share", "breakdown.weighted", "breakdown.subset", "computed", "intensity")
            )
        )
        or (f.indicator in steady and f.rule == "yoy")
    ]
    assert [(f.indicator, f.year, f.rule) for f in noisy] == []


def test_the_only_open_error_is_the_rnd_ratio(found: list[Finding], demo: Report) -> None:
    errors = [f for f in found if f.severity == Severity.ERROR and not f.explained]
    assert [(f.indicator, f.year) for f in errors] == [("rnd_expense_ratio", 2023)]
    demo.acknowledge("rnd_expense_ratio", "computed", "published figure; restated in 2024")
    assert not [f for f in Engine(demo).run_all() if f.severity == Severity.ERROR and not f.explained]
