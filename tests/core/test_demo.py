"""The demo report is the published LUSTER 2023 report: every printed figure, read by the same
parser people type into, equals the normalised value; lost values stay missing."""

from __future__ import annotations

import math
from typing import Any

import pytest

from esgdesk.core.demo import NOT_APPLICABLE_REASON, load_seed, seed_indicators
from esgdesk.core.store import Report
from esgdesk.core.values import Qualifier, Status

SEED = load_seed()
ITEMS = seed_indicators(SEED)


def test_demo_holds_all_indicators_and_both_years(demo: Report) -> None:
    assert len(ITEMS) == 189
    assert set(demo.catalogue.indicators) == {i["id"] for i in ITEMS}
    assert demo.year == 2023 and demo.prior_year == 2022
    assert demo.meta.company == "LUSTER LightTech Co., Ltd."
    assert demo.entities[demo.entity].identifier == "688400"


@pytest.mark.parametrize("item", ITEMS, ids=[i["id"] for i in ITEMS])
def test_each_printed_value_is_read_as_published(demo: Report, item: dict[str, Any]) -> None:
    for year_s, printed in item["values_as_printed"].items():
        year = int(year_s)
        value = demo.get(item["id"], year)
        expected = item["values"][year_s]
        missing = (item.get("missing") or {}).get(year_s)
        if printed is None:
            if missing == "not_disclosed_for_year":
                assert value is not None and value.status == Status.NOT_REPORTED
            else:
                assert value is None, f"{item['id']} {year} was lost from the source and must stay missing"
            continue
        assert value is not None
        assert value.entered == printed.strip()
        if printed.strip() == "\\":
            assert value.status == Status.NOT_APPLICABLE and value.reason == NOT_APPLICABLE_REASON
        elif isinstance(expected, dict):
            assert (value.low, value.high) == (expected["min"], expected["max"])
        elif isinstance(expected, str):
            assert value.text == expected
        else:
            assert value.number is not None and math.isclose(value.number, expected, rel_tol=1e-12), (
                item["id"],
                year,
                printed,
                value.number,
                expected,
            )


def test_printed_qualifiers_are_kept(demo: Report) -> None:
    assert demo.get("trainees_ordinary").qualifier == Qualifier.MORE_THAN
    assert demo.get("trainees_ordinary").entered == "1,500+"
    assert demo.get("trainees_ordinary", 2022).entered == "1,100+"
    assert demo.get("investor_hotline_calls").qualifier == Qualifier.MORE_THAN
    # "more than 50,000 units" is printed without a plus sign; the qualifier comes from the sentence
    assert demo.get("high_end_vision_devices_delivered").qualifier == Qualifier.MORE_THAN
    assert demo.get("vision_components_systems_delivered").qualifier == Qualifier.APPROXIMATELY
    for item in ITEMS:
        for year_s, _q in (item.get("qualifiers") or {}).items():
            assert demo.get(item["id"], int(year_s)).qualifier != Qualifier.NONE, item["id"]


def test_lost_values_are_not_invented(demo: Report) -> None:
    lost = [
        (i["id"], int(y)) for i in ITEMS for y, m in (i.get("missing") or {}).items() if m == "dropped_in_extraction"
    ]
    assert len(lost) == 97
    assert all(demo.get(ind, year) is None for ind, year in lost)


def test_units_and_scales_as_printed(demo: Report) -> None:
    assert demo.get("electricity_total").number == 4_060_000  # "4.06 million kWh"
    assert demo.get("exhaust_gas_total").number == 24  # "240,000 cubic meters" in 10^4 m3
    assert demo.get("training_investment").number == 188  # "RMB 1.88 million" in RMB 10,000
    assert demo.get("tin_compounds_concentration").number == pytest.approx(1.7e-5)  # "1.7*10-5"
    assert demo.get("white_papers_total").number == 9  # "nine"
