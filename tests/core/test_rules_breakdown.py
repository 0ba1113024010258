"""Breakdowns on the real catalogue: every kind passes when the figures agree and fails when they do not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from esgdesk.core.catalogue import Catalogue, Severity
from esgdesk.core.store import Report
from tests.core.rules_helpers import findings, new_report, put


@pytest.fixture
def rep(tmp_path: Path, catalogue: Catalogue) -> Iterator[Report]:
    r = new_report(tmp_path / "r.esg", catalogue)
    yield r
    r.close()


def test_parts_that_add_up_pass(rep: Report) -> None:
    put(
        rep,
        {
            "waste_hazardous_total": "0.187",
            "waste_haz_activated_carbon": "0.006",
            "waste_haz_packaging_drums": "0.01",
            "waste_haz_rags_circuit_boards": "0.171",
        },
    )
    assert findings(rep, "waste_hazardous_total", "breakdown") == []


def test_parts_that_do_not_add_up_show_both_numbers(rep: Report) -> None:
    put(
        rep,
        {
            "waste_hazardous_total": "0.200",
            "waste_haz_activated_carbon": "0.006",
            "waste_haz_packaging_drums": "0.01",
            "waste_haz_rags_circuit_boards": "0.171",
        },
    )
    [f] = findings(rep, "waste_hazardous_total", "breakdown.sum")
    assert f.severity == Severity.ERROR and f.rule == "breakdown.sum.category"
    assert "0.187" in f.message and "0.2" in f.message and "0.013" in f.message
    assert "0.187" in f.message_zh and "相差" in f.message_zh


def test_rounding_of_the_printed_figures_is_tolerated_but_no_more(rep: Report) -> None:
    # 1.3 + 0.8 + 1.5 = 3.6: printed to one decimal each, a total of 3.7 is within rounding (0.05 x 4)
    put(
        rep,
        {"waste_nonhazardous_total": "3.7", "waste_cardboard": "1.3", "waste_plastics": "0.8", "waste_pallets": "1.5"},
    )
    assert findings(rep, "waste_nonhazardous_total", "breakdown") == []
    put(rep, {"waste_nonhazardous_total": "3.9"})
    assert [f.rule for f in findings(rep, "waste_nonhazardous_total", "breakdown")] == ["breakdown.sum.category"]
    # written to two decimals, the same gap is a mismatch
    put(
        rep,
        {
            "waste_nonhazardous_total": "3.70",
            "waste_cardboard": "1.30",
            "waste_plastics": "0.80",
            "waste_pallets": "1.50",
        },
    )
    assert len(findings(rep, "waste_nonhazardous_total", "breakdown")) == 1


def test_tolerance_declared_in_the_catalogue(tmp_path: Path, catalogue: Catalogue) -> None:
    data = catalogue.model_dump(by_alias=True)
    for area in data["areas"]:
        for section in area["sections"]:
            for ind in section["indicator"]:
                if ind["id"] in ("waste_cardboard", "waste_plastics", "waste_pallets"):
                    ind["breakdown"]["tolerance"] = 0.5
    loose = Catalogue.model_validate(data)
    with new_report(tmp_path / "t.esg", loose) as rep:
        put(
            rep,
            {
                "waste_nonhazardous_total": "4.00",
                "waste_cardboard": "1.30",
                "waste_plastics": "0.80",
                "waste_pallets": "1.50",
            },
        )
        assert findings(rep, "waste_nonhazardous_total", "breakdown") == []
        put(rep, {"waste_nonhazardous_total": "4.20"})
        assert len(findings(rep, "waste_nonhazardous_total", "breakdown")) == 1


def test_missing_parts_are_named_instead_of_a_mismatch(rep: Report) -> None:
    put(
        rep,
        {
            "employees_total": "1,981",
            "employees_edu_bachelor": "829",
            "employees_edu_master": "503",
            "employees_edu_doctorate": "17",
        },
    )
    [f] = findings(rep, "employees_total", "breakdown")
    assert f.rule == "breakdown.incomplete.education" and f.severity == Severity.WARNING
    assert f.data["missing"] == ["employees_edu_associate_below"]
    assert "associate degree" in f.message and "632" in f.message and "1,349" in f.message
    assert "632" in f.message_zh


def test_given_parts_above_the_total_are_an_error_even_with_parts_missing(rep: Report) -> None:
    put(rep, {"employees_total": "1,000", "employees_edu_bachelor": "829", "employees_edu_master": "503"})
    [f] = findings(rep, "employees_total", "breakdown")
    assert f.severity == Severity.ERROR and f.rule == "breakdown.sum.education"


def test_missing_total_says_what_the_parts_add_to(rep: Report) -> None:
    put(rep, {"employees_age_40_50": "176", "employees_age_50_60": "23"})
    [f] = findings(rep, "employees_age_above_40", "breakdown")
    assert f.rule == "breakdown.total_missing.age" and "199" in f.message and "199" in f.message_zh
    # the breakdown says it better than "required": one finding, not two
    assert findings(rep, "employees_age_above_40", "required") == []


def test_a_complete_sub_breakdown_stands_in_for_its_missing_total(rep: Report) -> None:
    put(
        rep,
        {
            "employees_total": "1,981",
            "employees_age_30_below": "651",
            "employees_age_31_40": "1,131",
            "employees_age_40_50": "176",
            "employees_age_50_60": "23",
        },
    )
    assert [f.rule for f in findings(rep, "employees_total", "breakdown")] == []
    put(rep, {"employees_age_50_60": "30"})
    assert [f.rule for f in findings(rep, "employees_total", "breakdown")] == ["breakdown.sum.age"]


def test_not_applicable_part_counts_as_zero(rep: Report) -> None:
    put(
        rep,
        {
            "waste_hazardous_total": "0.003",
            "waste_haz_activated_carbon": "0.003",
            "waste_haz_packaging_drums": "\\",
            "waste_haz_rags_circuit_boards": "\\",
        },
    )
    assert findings(rep, "waste_hazardous_total", "breakdown") == []


def test_lower_bounds_only_fail_when_they_already_exceed_the_total(rep: Report) -> None:
    put(
        rep,
        {
            "trainees_total": "2,068",
            "trainees_senior_mgmt": "40",
            "trainees_middle_mgmt": "300",
            "trainees_ordinary": "1,500+",
        },
    )
    assert findings(rep, "trainees_total", "breakdown") == []
    put(rep, {"trainees_middle_mgmt": "600"})
    [f] = findings(rep, "trainees_total", "breakdown")
    assert f.severity == Severity.ERROR and "at least 2,140" in f.message


def test_several_families_on_one_total_are_checked_apart(rep: Report) -> None:
    put(
        rep,
        {
            "employees_total": "100",
            "employees_male": "60",
            "employees_female": "40",
            "employees_age_30_below": "50",
            "employees_age_31_40": "30",
            "employees_age_above_40": "25",
        },
    )
    found = findings(rep, "employees_total", "breakdown")
    assert [f.rule for f in found] == ["breakdown.sum.age"]
    assert "105" in found[0].message


def test_shares_total_one_hundred(rep: Report) -> None:
    put(
        rep,
        {
            "rnd_edu_share_undergrad_below": "52.90%",
            "rnd_edu_share_postgrad": "45.69%",
            "rnd_edu_share_doctor": "1.42%",
        },
    )
    assert findings(rep, "rnd_headcount", "breakdown") == []  # 100.01: within the rounding of three shares
    put(
        rep,
        {
            "rnd_edu_share_undergrad_below": "58.62%",
            "rnd_edu_share_postgrad": "39.32%",
            "rnd_edu_share_doctor": "1.57%",
        },
    )
    [f] = findings(rep, "rnd_headcount", "breakdown")
    assert f.rule == "breakdown.share.education" and "99.51%" in f.message and "0.49" in f.message


def test_incomplete_shares_say_what_is_left(rep: Report) -> None:
    put(rep, {"new_hires_share_age_under_30": "68%", "new_hires_share_age_30_40": "28%"})
    [f] = findings(rep, "new_hires_total", "breakdown")
    assert f.rule == "breakdown.incomplete.age" and "4%" in f.message


def test_weighted_average_lies_between_its_parts(rep: Report) -> None:
    put(rep, {"turnover_rate": "22.17%", "turnover_rate_male": "22.79%", "turnover_rate_female": "19.78%"})
    assert findings(rep, "turnover_rate", "breakdown.weighted_average") == []
    put(rep, {"turnover_rate": "25%"})
    [f] = findings(rep, "turnover_rate", "breakdown.weighted_average")
    assert f.rule == "breakdown.weighted_average.gender" and "19.78%" in f.message and "22.79%" in f.message


def test_subset_is_at_most_its_total(rep: Report) -> None:
    put(rep, {"board_external_directors": "5", "board_independent_directors": "3"})
    assert findings(rep, "board_external_directors", "breakdown.subset") == []
    put(rep, {"board_independent_directors": "6"})
    [f] = findings(rep, "board_external_directors", "breakdown.subset")
    assert f.severity == Severity.ERROR and "6" in f.message and "5" in f.message


def test_overlapping_parts_may_sum_above_the_total_but_not_exceed_it_alone(rep: Report) -> None:
    put(rep, {"trainees_total": "2,068", "trainees_online": "1,443", "trainees_offline": "1,200"})
    assert findings(rep, "trainees_total", "breakdown.overlapping") == []
    put(rep, {"trainees_offline": "2,100"})
    [f] = findings(rep, "trainees_total", "breakdown.overlapping")
    assert "offline" in f.message.lower()


def test_prior_year_mismatch_is_a_warning_not_a_block(rep: Report) -> None:
    put(
        rep,
        {
            "waste_hazardous_total": "0.200",
            "waste_haz_activated_carbon": "0.006",
            "waste_haz_packaging_drums": "0.01",
            "waste_haz_rags_circuit_boards": "0.171",
        },
        year=2022,
    )
    [f] = findings(rep, "waste_hazardous_total", "breakdown", year=2022)
    assert f.severity == Severity.WARNING
